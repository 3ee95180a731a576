"""The planner FastAPI application: the service's one wiring place."""

from fastapi import FastAPI
from spincore.runtime import Runtime, create_service_app

from spin_planner.settings import PlannerSettings

MIGRATIONS = "spin_planner:migrations"


def create_app(settings: PlannerSettings) -> FastAPI:
    runtime = Runtime.build(settings)
    return create_service_app(
        runtime,
        title="SPIN VIG planner",
        summary="families, helping questions, sessions, moments and feedback plans",
        migrations=MIGRATIONS,
    )
