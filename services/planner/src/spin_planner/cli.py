"""`spin-planner-admin`: the ops CLI for the directory (institutes, agencies, sites, guides)
and for importing work recorded earlier.

It writes to the planner database through the same use cases as the API, so each
registration and its event commit together; the running planner's relay publishes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from pydantic import ValidationError
from spin_contracts.claims import Principal, Role
from spincore.db import make_engine
from spincore.db.migrations import upgrade_to_head

from spin_planner.adapters.sql_work import unit_of_work
from spin_planner.api.app import MIGRATIONS
from spin_planner.domain.commands import directory as commands
from spin_planner.domain.errors import PlannerError
from spin_planner.history_file import HistoryFileError, import_lines, read_history
from spin_planner.models import Body
from spin_planner.models.directory import NewAgency, NewInstitute, NewPractitioner, NewSite
from spin_planner.service import directory
from spin_planner.service.history import Imported
from spin_planner.service.work import Work
from spin_planner.settings import PlannerSettings

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

C = TypeVar("C", bound="DataclassInstance")
app = typer.Typer(help="Directory administration of the SPIN VIG planner.", no_args_is_help=True)

OPERATOR = Principal(
    subject="spin-planner-admin",
    role=Role.SERVICE,
    institute_id="*",
    token_id="spin-planner-admin",  # noqa: S106 - an id, not a secret
)


def _register(
    body: type[Body],
    command: type[C],
    fields: Mapping[str, object],
    use_case: Callable[[Work, C], Awaitable[object]],
) -> None:
    try:
        new = body.model_validate(fields).command(command)
    except ValidationError as error:
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"])
            typer.echo(f"{where}: {problem['msg']}", err=True)
        raise typer.Exit(2) from error
    settings = PlannerSettings()
    upgrade_to_head(settings, MIGRATIONS)
    try:
        asyncio.run(_in_transaction(settings, lambda work: use_case(work, new)))
    except PlannerError as error:
        typer.echo(f"refused: {error.message}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"registered {fields['id']}")


async def _in_transaction(
    settings: PlannerSettings, step: Callable[[Work], Awaitable[object]]
) -> None:
    engine = make_engine(settings, pool_size=1)
    try:
        async with unit_of_work(engine, OPERATOR, settings.topic_prefix) as work:
            await step(work)
    finally:
        await engine.dispose()


@app.command("migrate")
def migrate() -> None:
    """Create or upgrade the planner schema (the service also does this at start-up)."""
    upgrade_to_head(PlannerSettings(), MIGRATIONS)
    typer.echo("planner schema is up to date")


@app.command("add-institute")
def add_institute(
    institute_id: Annotated[str, typer.Argument(help="e.g. spin-usa")],
    name: Annotated[str, typer.Option(help="display name")],
    country: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2, e.g. US")],
) -> None:
    """Register a national SPIN institute."""
    fields = {"id": institute_id, "name": name, "country": country}
    _register(NewInstitute, commands.NewInstitute, fields, directory.register_institute)


@app.command("add-agency")
def add_agency(
    agency_id: Annotated[str, typer.Argument(help="e.g. harbor-family")],
    institute: Annotated[str, typer.Option(help="the institute it belongs to")],
    name: Annotated[str, typer.Option(help="display name")],
) -> None:
    """Register an agency delivering VIG."""
    fields = {"id": agency_id, "institute_id": institute, "name": name}
    _register(NewAgency, commands.NewAgency, fields, directory.register_agency)


@app.command("add-site")
def add_site(
    site_id: Annotated[str, typer.Argument(help="e.g. boston-north")],
    agency: Annotated[str, typer.Option(help="the agency it belongs to")],
    name: Annotated[str, typer.Option(help="display name")],
) -> None:
    """Register a site (office) of an agency."""
    fields = {"id": site_id, "agency_id": agency, "name": name}
    _register(NewSite, commands.NewSite, fields, directory.register_site)


@app.command("add-practitioner")
def add_practitioner(
    practitioner_id: Annotated[str, typer.Argument(help="e.g. dana-reyes")],
    site: Annotated[str, typer.Option(help="the site they work at")],
    name: Annotated[str, typer.Option(help="display name")],
    apprenticeship_start: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="for apprentices (their first 18 months)"),
    ] = None,
    supervisor: Annotated[str | None, typer.Option(help="the supervisor's practitioner id")] = None,
) -> None:
    """Register a practitioner (guide), optionally as an apprentice with a supervisor."""
    fields = {
        "id": practitioner_id,
        "site_id": site,
        "display_name": name,
        "apprenticeship_started_on": apprenticeship_start.date() if apprenticeship_start else None,
        "supervisor_id": supervisor,
    }
    _register(NewPractitioner, commands.NewPractitioner, fields, directory.register_practitioner)


@app.command("import-history")
def import_history(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="JSON lines: cases, supervisions")
    ],
    batch: Annotated[int, typer.Option(min=1, max=5000, help="lines per transaction")] = 100,
) -> None:
    """Import cases recorded earlier (with their consents, helping questions, footage, moments
    and sessions) and supervision sessions, with the events the API would have staged.

    Times are the history's own (no check against now); the directory must be registered.
    Cases and supervisions already present are left as they are.
    """
    try:
        lines = read_history(path)
    except HistoryFileError as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2) from error
    settings = PlannerSettings()
    upgrade_to_head(settings, MIGRATIONS)
    try:
        done = asyncio.run(import_lines(settings, lines, batch))
    except PlannerError as error:
        typer.echo(f"refused: {error.message}", err=True)
        raise typer.Exit(1) from error
    typer.echo(_summary(done))


def _summary(done: Imported) -> str:
    return (
        f"imported {done.cases} cases ({done.cases_present} already present), "
        f"{done.supervisions} supervisions ({done.supervisions_present} already present); "
        f"{done.events} events staged"
    )
