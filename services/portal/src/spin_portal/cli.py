"""`spin-portal-admin`: rebuild the read model, create users, set thresholds and languages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvloop
from spincore.db import make_engine
from spincore.db.migrations import upgrade_to_head
from spincore.gc_tuning import settle_gc
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_portal.adapters.accounts import create_user
from spin_portal.adapters.locale_tables import INSTITUTE_LANGUAGES
from spin_portal.adapters.password_links import make_link
from spin_portal.adapters.projection import mark_institute_dirty
from spin_portal.adapters.rebuild import rebuild as rebuild_read_model
from spin_portal.adapters.refresher import IndicatorRefresher
from spin_portal.adapters.tables import THRESHOLDS, USERS
from spin_portal.adapters.unit_of_work import sql_units_of_work
from spin_portal.api.app import MIGRATIONS
from spin_portal.domain.accounts import AccountError, PortalRole
from spin_portal.domain.thresholds import ThresholdError, validate_override
from spin_portal.domain.time_zone import known_zone
from spin_portal.service import preferences
from spin_portal.service.ports import MadeLink
from spin_portal.settings import PortalSettings

app = typer.Typer(help="Administration of the SPIN VIG portal.", no_args_is_help=True)
T = TypeVar("T")
EnvFile = Annotated[
    Path | None, typer.Option(help="a file of SPIN_ variables, e.g. var/secrets/local.env")
]


def load_settings(env_file: Path | None) -> PortalSettings:
    return PortalSettings(_env_file=env_file) if env_file else PortalSettings()


def with_database(settings: PortalSettings, work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    """Migrate the portal schema, then run `work` with an engine on it."""
    upgrade_to_head(settings, MIGRATIONS)

    async def run() -> T:
        engine = make_engine(settings, pool_size=2)
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    return uvloop.run(run())  # the loop the portal service runs on (uvicorn picks uvloop)


@app.command()
def rebuild(env_file: EnvFile = None) -> None:
    """Replay every topic from the beginning into a fresh schema, then switch it in (the
    pages show the old read model until then)."""
    settings = load_settings(env_file)
    settle_gc()
    report = with_database(settings, lambda engine: rebuild_read_model(settings, engine))
    typer.echo(
        f"replayed {report.events} events ({report.skipped} unreadable, "
        f"{report.dead_letters} dead letters), computed {report.cases} cases "
        f"in {report.seconds:.1f} s; switched in {report.schema}"
    )


PortalUrl = Annotated[
    str, typer.Option(help="the portal as people's browsers reach it, for the printed link")
]
DEFAULT_PORTAL_URL = "http://127.0.0.1:8104"


@app.command("create-user")
def create_user_command(
    username: Annotated[str, typer.Option()],
    role: Annotated[PortalRole, typer.Option()],
    institute: Annotated[str, typer.Option(help="the institute id")],
    agency: Annotated[
        str | None, typer.Option(help="the agency id (all roles but institute staff)")
    ] = None,
    site: Annotated[str | None, typer.Option(help="the site id (practitioner, supervisor)")] = None,
    practitioner: Annotated[
        str | None, typer.Option(help="the practitioner id the account logs in as")
    ] = None,
    password: Annotated[str | None, typer.Option(help="asked for when not given")] = None,
    link: Annotated[
        bool, typer.Option("--link", help="no password: print a set-password link instead")
    ] = False,
    portal_url: PortalUrl = DEFAULT_PORTAL_URL,
    env_file: EnvFile = None,
) -> None:
    """Create a portal login: institute staff, agency admin, practitioner or supervisor."""
    if not link and password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = load_settings(env_file)

    async def work(engine: AsyncEngine) -> MadeLink | None:
        async with engine.begin() as conn:
            await create_user(
                conn,
                username=username,
                password=None if link else password,
                role=role,
                institute_id=institute,
                agency_id=agency,
                site_id=site,
                practitioner_id=practitioner,
            )
            return await _link(conn, settings, username) if link else None

    try:
        made = with_database(settings, work)
    except AccountError as error:
        typer.echo(f"not created: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"created {role.value} {username}")
    if made:
        _print_link(made, portal_url)


@app.command("password-link")
def password_link(
    username: Annotated[str, typer.Argument()],
    portal_url: PortalUrl = DEFAULT_PORTAL_URL,
    env_file: EnvFile = None,
) -> None:
    """Print a new single-use set-password link for an active account; older links stop."""
    settings = load_settings(env_file)

    async def work(engine: AsyncEngine) -> MadeLink | None:
        async with engine.begin() as conn:
            active = await conn.scalar(select(USERS.c.active).where(USERS.c.username == username))
            return await _link(conn, settings, username) if active else None

    made = with_database(settings, work)
    if made is None:
        typer.echo(f"no link: there is no active account {username!r}", err=True)
        raise typer.Exit(1)
    _print_link(made, portal_url)


async def _link(conn: AsyncConnection, settings: PortalSettings, username: str) -> MadeLink:
    lifetime = timedelta(hours=settings.password_link_hours)
    return await make_link(conn, username, "spin-portal-admin", lifetime)


def _print_link(made: MadeLink, portal_url: str) -> None:
    typer.echo(f"{portal_url.rstrip('/')}/set-password/{made.token}")
    typer.echo(f"works once, until {made.expires_at:%Y-%m-%d %H:%M} UTC", err=True)


@app.command("set-threshold")
def set_threshold(
    institute: Annotated[str, typer.Argument(help="the institute id")],
    name: Annotated[str, typer.Argument(help="for example f4_review_within_days")],
    value: Annotated[float, typer.Argument()],
    env_file: EnvFile = None,
) -> None:
    """Change one indicator threshold for one institute and recompute its cases."""
    try:
        validate_override(name, value)
    except ThresholdError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    settings = load_settings(env_file)

    async def work(engine: AsyncEngine) -> int:
        async with engine.begin() as conn:
            statement = pg_insert(THRESHOLDS).values(institute_id=institute, name=name, value=value)
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["institute_id", "name"], set_={"value": value}
                )
            )
            await mark_institute_dirty(conn, institute)
        return await IndicatorRefresher(engine, default_zone=settings.time_zone).drain()

    cases = with_database(settings, work)
    typer.echo(f"{institute}: {name}={value}; recomputed {cases} cases")


@app.command("set-language")
def set_language(
    institute: Annotated[str, typer.Argument(help="the institute id")],
    language: Annotated[str, typer.Argument(help="a language the portal offers, e.g. nl or he")],
    env_file: EnvFile = None,
) -> None:
    """The institute's default language: its people read the portal in it unless they chose
    their own (on the portal's language page)."""
    settings = load_settings(env_file)
    if language not in settings.languages:
        typer.echo(f"the portal offers {', '.join(settings.languages)}", err=True)
        raise typer.Exit(1)

    async def work(engine: AsyncEngine) -> None:
        chosen = {"institute_id": institute, "language": language}
        async with engine.begin() as conn:
            await conn.execute(
                pg_insert(INSTITUTE_LANGUAGES)
                .values(chosen)
                .on_conflict_do_update(index_elements=["institute_id"], set_=chosen)
            )

    with_database(settings, work)
    typer.echo(f"{institute}: {language}")


@app.command("set-time-zone")
def set_time_zone(
    institute: Annotated[str, typer.Argument(help="the institute id")],
    zone: Annotated[str, typer.Argument(help="an IANA time zone, e.g. Asia/Jerusalem")],
    env_file: EnvFile = None,
) -> None:
    """The institute's time zone: its people's pages show times on its clock."""
    if known_zone(zone) is None:
        typer.echo(f"not an IANA time zone: {zone}", err=True)
        raise typer.Exit(1)

    async def work(engine: AsyncEngine) -> None:
        command = preferences.ChooseTimeZone(institute, zone)
        await preferences.choose_time_zone(command, units=sql_units_of_work(engine))

    with_database(load_settings(env_file), work)
    typer.echo(f"{institute}: {zone}")
