"""Builds ingest's dependencies once, as cosmicpython's bootstrap does: the runtime (engine,
S3, Kafka, outbox relay), the upload context the use cases run in, the revoked-token list and
the consumer groups. `api/app.py` wires them into HTTP and the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from spin_contracts.topics import Topic
from spincore.consumer import GroupConsumer
from spincore.runtime import Runtime

from spin_ingest.adapters.database import SqlDatabase
from spin_ingest.adapters.storage import FootageStorage
from spin_ingest.service import directory, revocations
from spin_ingest.service.consent import ACCEPTS, CONSUMER, consent_handler
from spin_ingest.service.context import Ingest
from spin_ingest.service.ports import Database
from spin_ingest.service.revocations import RevokedTokens
from spin_ingest.settings import IngestSettings


@dataclass(frozen=True)
class Dependencies:
    runtime: Runtime
    ingest: Ingest
    revoked: RevokedTokens
    consumers: tuple[GroupConsumer, ...]  # consent, token revocations, sites


def bootstrap(settings: IngestSettings) -> Dependencies:
    runtime = Runtime.build(settings, migrate_in_child=True)
    database = SqlDatabase(runtime.engine, settings.topic_prefix, runtime.wake_relay)
    ingest = Ingest(
        settings=settings,
        database=database,
        storage=FootageStorage(runtime.s3, settings.s3_bucket),
    )
    revoked = RevokedTokens(database, settings.revoked_tokens_refresh_seconds)
    return Dependencies(runtime, ingest, revoked, _consumers(runtime, database, revoked))


def _consumers(
    runtime: Runtime, database: Database, revoked: RevokedTokens
) -> tuple[GroupConsumer, ...]:
    # Plain consumer groups, not Faust: ingest needs no agents, and Faust costs memory
    # (docs/performance.md, ingest memory).
    consents = GroupConsumer(runtime, CONSUMER)
    consents.subscribe(Topic.CONSENT, consent_handler(database), accepts=ACCEPTS)
    revocation_consumer = GroupConsumer(runtime, revocations.CONSUMER)
    revocation_consumer.subscribe(
        Topic.DIRECTORY,
        revocations.revocation_handler(database, revoked),
        accepts=revocations.ACCEPTS,
    )
    site_consumer = GroupConsumer(runtime, directory.CONSUMER)
    site_consumer.subscribe(
        Topic.DIRECTORY, directory.site_handler(database), accepts=directory.ACCEPTS
    )
    return consents, revocation_consumer, site_consumer
