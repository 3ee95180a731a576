"""The ingest FastAPI application: HTTP and the lifespan over the dependencies
`bootstrap.py` builds."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from spincore.runtime import Runtime
from spincore.service_app import create_service_app

from spin_ingest.api import tus
from spin_ingest.api.answers import TusAnswers
from spin_ingest.api.cors import UploadCORS, browser_origins
from spin_ingest.bootstrap import bootstrap
from spin_ingest.service.context import Ingest
from spin_ingest.service.lifecycle import expire_forever
from spin_ingest.settings import IngestSettings

MIGRATIONS = "spin_ingest:migrations"


@asynccontextmanager
async def _expiring(runtime: Runtime, ingest: Ingest) -> AsyncIterator[None]:
    """Sweep abandoned uploads for the life of the service (cancelled by runtime.stop)."""
    runtime.spawn(expire_forever(ingest))
    yield


def create_app(settings: IngestSettings) -> FastAPI:
    built = bootstrap(settings)
    runtime, ingest = built.runtime, built.ingest
    app = create_service_app(
        runtime,
        title="SPIN VIG ingest",
        summary="footage uploads over tus into object storage",
        refusals=tus.refusals,
        migrations=MIGRATIONS,
        parts=[lambda: _expiring(runtime, ingest)],
        # Uploads only stage footage.uploaded in the outbox: Kafka short at start-up must not
        # stop ingest accepting bytes.
        kafka_in_background=[consumer.running for consumer in built.consumers],
    )
    app.state.ingest = ingest
    app.state.revoked_tokens = built.revoked
    app.include_router(tus.router)
    # Added last, so outermost: CORS headers go on every answer, the 500 of TusAnswers too.
    app.add_middleware(TusAnswers)
    app.add_middleware(UploadCORS, origins=browser_origins(settings))
    return app
