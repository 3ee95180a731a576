"""Ops CLI: create signing keys and mint tokens, e.g. a site upload token valid for 30 days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from spin_contracts.claims import Role

from spincore.auth.tokens import TokenIssuer, generate_keypair

app = typer.Typer(
    help="Signing keys and access tokens for the SPIN VIG services.", no_args_is_help=True
)


@app.command()
def keygen(
    out_dir: Annotated[Path, typer.Option(help="where to write the PEM files")] = Path(
        "var/secrets"
    ),
    force: Annotated[
        bool, typer.Option(help="replace existing keys (invalidates all tokens)")
    ] = False,
) -> None:
    """Create an Ed25519 key pair (auth-private.pem, auth-public.pem)."""
    if (out_dir / "auth-private.pem").exists() and not force:
        typer.echo(f"keys already exist in {out_dir} (use --force to replace them)")
        return
    private, public = generate_keypair(out_dir)
    typer.echo(f"private key: {private}\npublic key:  {public}")


@app.command()
def mint(
    role: Annotated[Role, typer.Option(help="what the bearer may do")],
    institute: Annotated[str, typer.Option(help="institute id")],
    agency: Annotated[
        str | None, typer.Option(help="agency id (all roles but institute staff)")
    ] = None,
    site: Annotated[str | None, typer.Option(help="site id (site upload tokens)")] = None,
    subject: Annotated[str | None, typer.Option(help="who or what holds the token")] = None,
    days: Annotated[float, typer.Option(min=0.001, max=366, help="validity in days")] = 1.0,
    private_key: Annotated[Path, typer.Option(envvar="SPIN_AUTH_PRIVATE_KEY_FILE")] = Path(
        "var/secrets/auth-private.pem"
    ),
    issuer: Annotated[str, typer.Option(envvar="SPIN_AUTH_ISSUER")] = "spin-vig",
) -> None:
    """Print a signed access token."""
    if not private_key.exists():
        typer.echo(f"no signing key at {private_key}: run `spin-auth keygen` first", err=True)
        raise typer.Exit(2)
    try:
        token = TokenIssuer.from_file(private_key, issuer).mint(
            subject=subject or f"{role}:{agency or institute}:{site or '-'}",
            role=role,
            institute_id=institute,
            agency_id=agency,
            site_id=site,
            valid_for=timedelta(days=days),
        )
    except ValueError as error:
        typer.echo(f"cannot mint this token: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo(token)
