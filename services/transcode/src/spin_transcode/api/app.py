"""The transcode FastAPI application: the service's one wiring place."""

from fastapi import FastAPI
from spincore.runtime import Runtime, create_service_app

from spin_transcode.settings import TranscodeSettings

MIGRATIONS = "spin_transcode:migrations"


def create_app(settings: TranscodeSettings) -> FastAPI:
    runtime = Runtime.build(settings)
    return create_service_app(
        runtime,
        title="SPIN VIG transcode",
        summary="renditions, posters, scrub previews and clips",
        migrations=MIGRATIONS,
    )
