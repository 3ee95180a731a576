"""The portal FastAPI application: HTTP and the lifespan over the dependencies `bootstrap.py`
builds.

The lifespan starts the runtime (topics, migrations, bucket) and, in one of the HTTP workers,
the indicator refresher and the batching consumer that projects events into the read model; the
routes serve the web UI.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from spincore.lifespan import alongside
from spincore.service_app import create_service_app
from spincore.validation_words import problem_words

from spin_portal.adapters.planner import PlannerUnavailableError
from spin_portal.api.security import SecurityHeaders
from spin_portal.bootstrap import bootstrap
from spin_portal.settings import PortalSettings
from spin_portal.web import (
    routes_accounts,
    routes_admin,
    routes_agency_settings,
    routes_auth,
    routes_cases,
    routes_dashboards,
    routes_erasure,
    routes_holds,
    routes_language,
    routes_pipeline,
    routes_time_zone,
    routes_vocabulary_settings,
    routes_workspace_api,
    routes_workspace_cases,
    routes_workspace_coaching_api,
    routes_workspace_footage,
    routes_workspace_plans,
    routes_workspace_review,
    routes_workspace_supervision,
)
from spin_portal.web.deps import LoginRequiredError, Portal
from spin_portal.web.i18n import LanguageMiddleware, _, current_language
from spin_portal.web.routes_auth import login_form

MIGRATIONS = "spin_portal:migrations"
STATIC = Path(__file__).resolve().parent.parent / "static"
# The pages' and scripts' routes, in the order they are matched.
ROUTES = (
    routes_auth,
    routes_dashboards,
    routes_cases,
    routes_erasure,
    routes_holds,
    routes_language,
    routes_time_zone,
    routes_vocabulary_settings,
    routes_pipeline,
    routes_admin,
    routes_agency_settings,
    routes_workspace_cases,
    routes_workspace_footage,
    routes_workspace_api,
    routes_workspace_supervision,
    routes_workspace_coaching_api,
    routes_workspace_plans,
    routes_workspace_review,
    routes_accounts,
)


def create_app(settings: PortalSettings) -> FastAPI:
    built = bootstrap(settings)
    runtime, refresher, planner = built.runtime, built.refresher, built.planner

    @asynccontextmanager
    async def closing_planner() -> AsyncIterator[None]:
        yield
        if planner is not None:
            await planner.close()

    app = create_service_app(
        runtime,
        title="SPIN VIG portal",
        summary="the fidelity-audit portal for institutes",
        migrations=MIGRATIONS,
        parts=[closing_planner],
        # The projection and the indicator refresher run in one of the HTTP workers only.
        one_process_parts=[
            lambda: alongside(refresher.run_forever()),
            built.projection.running,
        ],
    )
    portal = Portal.build(settings, runtime.engine, runtime.s3, built.issuer, built.units)
    app.state.portal = portal
    app.state.refresher = refresher
    app.state.planner = planner
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTES:
        app.include_router(module.router)
    add_error_pages(app, portal)
    app.add_middleware(SecurityHeaders, settings=settings)
    app.add_middleware(
        LanguageMiddleware,
        offered=settings.languages,
        default=settings.default_language,
        time_zone=settings.time_zone,
    )
    return app


def for_scripts(request: Request) -> bool:
    """The workspace's JSON API answers its refusals in JSON (`detail`), as documented."""
    return request.url.path.startswith("/workspace/api/")


def add_error_pages(app: FastAPI, portal: Portal) -> None:
    """People get pages with the reason; the status code stays what it is."""

    @app.exception_handler(LoginRequiredError)
    async def login_required(request: Request, error: LoginRequiredError) -> Response:
        return login_form(portal, request, error.message, 401)

    @app.exception_handler(PlannerUnavailableError)
    async def planner_unavailable(request: Request, _error: PlannerUnavailableError) -> Response:
        message = _("The planner does not answer just now; nothing was lost. Try again shortly.")
        if for_scripts(request):
            return JSONResponse({"detail": message}, 503)
        return portal.render(request, "error.html", 503, title=_("Sorry"), message=message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if for_scripts(request):
            return JSONResponse({"detail": error.detail}, error.status_code, error.headers)
        response = portal.render(
            request, "error.html", error.status_code, title=_("Sorry"), message=error.detail
        )
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if for_scripts(request):
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, 422)
        language = current_language()
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {problem_words(e, language)}"
            for e in error.errors()
        )
        return portal.render(request, "error.html", 400, title=_("Sorry"), message=problems)
