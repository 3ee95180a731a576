"""The portal FastAPI application: the service's one wiring place."""

from fastapi import FastAPI
from spincore.runtime import Runtime, create_service_app

from spin_portal.settings import PortalSettings

MIGRATIONS = "spin_portal:migrations"


def create_app(settings: PortalSettings) -> FastAPI:
    runtime = Runtime.build(settings)
    return create_service_app(
        runtime,
        title="SPIN VIG portal",
        summary="the fidelity-audit portal for institutes",
        migrations=MIGRATIONS,
    )
