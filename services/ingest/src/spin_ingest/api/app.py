"""The ingest FastAPI application: the service's one wiring place."""

from fastapi import FastAPI
from spincore.runtime import Runtime, create_service_app

from spin_ingest.settings import IngestSettings

MIGRATIONS = "spin_ingest:migrations"


def create_app(settings: IngestSettings) -> FastAPI:
    runtime = Runtime.build(settings)
    return create_service_app(
        runtime,
        title="SPIN VIG ingest",
        summary="footage uploads over tus into object storage",
        migrations=MIGRATIONS,
    )
