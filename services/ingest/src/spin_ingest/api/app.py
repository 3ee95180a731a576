"""The ingest FastAPI application: the service's one wiring place."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from spin_contracts.topics import Topic
from spincore.consumer import GroupConsumer
from spincore.runtime import Runtime
from spincore.service_app import create_service_app

from spin_ingest.adapters.storage import FootageStorage
from spin_ingest.api import tus
from spin_ingest.api.answers import TusAnswers
from spin_ingest.api.cors import UploadCORS, browser_origins
from spin_ingest.service import directory, revocations
from spin_ingest.service.consent import ACCEPTS, CONSUMER, consent_handler
from spin_ingest.service.context import Ingest
from spin_ingest.service.lifecycle import expire_forever
from spin_ingest.service.revocations import RevokedTokens
from spin_ingest.settings import IngestSettings

MIGRATIONS = "spin_ingest:migrations"


@asynccontextmanager
async def _expiring(runtime: Runtime, ingest: Ingest) -> AsyncIterator[None]:
    """Sweep abandoned uploads for the life of the service (cancelled by runtime.stop)."""
    runtime.spawn(expire_forever(ingest))
    yield


def create_app(settings: IngestSettings) -> FastAPI:
    runtime = Runtime.build(settings, migrate_in_child=True)
    ingest = Ingest(
        settings=settings,
        engine=runtime.engine,
        storage=FootageStorage(runtime.s3, settings.s3_bucket),
        wake_relay=lambda: runtime.relay.wake(),  # noqa: PLW0108 - no relay before start
    )
    # Plain consumer groups, not Faust: ingest needs no more, and Faust would cost 17 MiB.
    consents = GroupConsumer(runtime, CONSUMER)
    consents.subscribe(Topic.CONSENT, consent_handler(runtime.engine), accepts=ACCEPTS)
    revoked = RevokedTokens(runtime.engine, settings.revoked_tokens_refresh_seconds)
    revocation_consumer = GroupConsumer(runtime, revocations.CONSUMER)
    revocation_consumer.subscribe(
        Topic.DIRECTORY,
        revocations.revocation_handler(runtime.engine, revoked),
        accepts=revocations.ACCEPTS,
    )

    site_consumer = GroupConsumer(runtime, directory.CONSUMER)
    site_consumer.subscribe(
        Topic.DIRECTORY, directory.site_handler(runtime.engine), accepts=directory.ACCEPTS
    )

    app = create_service_app(
        runtime,
        title="SPIN VIG ingest",
        summary="footage uploads over tus into object storage",
        refusals=tus.refusals,
        migrations=MIGRATIONS,
        parts=[
            consents.running,
            revocation_consumer.running,
            site_consumer.running,
            lambda: _expiring(runtime, ingest),
        ],
    )
    app.state.ingest = ingest
    app.state.revoked_tokens = revoked
    app.include_router(tus.router)
    # Added last, so outermost: CORS headers go on every answer, the 500 of TusAnswers too.
    app.add_middleware(TusAnswers)
    app.add_middleware(UploadCORS, origins=browser_origins(settings))
    return app
