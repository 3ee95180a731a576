"""Console entry point `spin-portal`: serves the web UI with settings from the environment."""

from fastapi import FastAPI
from spincore.launch import serve, worker_app

from spin_portal.api.app import create_app
from spin_portal.settings import PortalSettings


def app() -> FastAPI:
    """The app of one HTTP worker process (SPIN_HTTP_WORKERS of them)."""
    return worker_app(create_app, PortalSettings)


def run() -> None:
    serve("spin_portal.main:app", PortalSettings())
