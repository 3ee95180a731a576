"""Console entry point `spin-planner`: serves the API with settings from the environment."""

from fastapi import FastAPI
from spincore.launch import serve, worker_app

from spin_planner.api.app import create_app
from spin_planner.settings import PlannerSettings


def app() -> FastAPI:
    """The app of one HTTP worker process (SPIN_HTTP_WORKERS of them)."""
    return worker_app(create_app, PlannerSettings)


def run() -> None:
    serve("spin_planner.main:app", PlannerSettings())
