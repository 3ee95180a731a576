"""The planner FastAPI application: HTTP and the lifespan over the dependencies
`bootstrap.py` builds."""

from fastapi import Depends, FastAPI
from spincore.service_app import create_service_app
from spincore.streams import running

from spin_planner.api.errors import add_error_handlers, storable_parameters
from spin_planner.api.routes import (
    cases,
    coaching,
    directory,
    holds,
    institute_vocabulary,
    moments,
    offline,
    questions,
    sessions,
    training,
    vocabulary,
)
from spin_planner.bootstrap import bootstrap
from spin_planner.settings import PlannerSettings

MIGRATIONS = "spin_planner:migrations"


def refusals(_path: str, method: str) -> frozenset[int]:
    """Besides token, path, body and If-Match: a write may name an object that is not there or
    not the caller's (404: an institute, agency, site or footage in the body) or meet a state
    that forbids it (409)."""
    return frozenset({404, 409}) if method in {"post", "patch", "put", "delete"} else frozenset()


def create_app(settings: PlannerSettings) -> FastAPI:
    built = bootstrap(settings)
    app = create_service_app(
        built.runtime,
        title="SPIN VIG planner",
        summary="families, helping questions, sessions, moments and feedback plans",
        migrations=MIGRATIONS,
        # Several HTTP workers serve the API; the footage agents run in one of them.
        one_process_parts=[lambda: running(built.footage_agents())],
        refusals=refusals,
    )
    app.state.planner = built.planner
    add_error_handlers(app)
    for module in (
        directory,
        cases,
        holds,
        questions,
        sessions,
        moments,
        offline,
        training,
        vocabulary,
        institute_vocabulary,
        coaching,
    ):
        app.include_router(module.router, dependencies=[Depends(storable_parameters)])
    return app
