"""The transcode schema (SQLAlchemy Core); migrations under `migrations/` create it."""

from spincore.db import plumbing_tables
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(metadata)

# One row per job (a footage id, or a clip request id): the completion marker that makes a
# redelivered event a no-op, and the outputs later jobs (clips) build on.
JOBS = Table(
    "jobs",
    metadata,
    Column("job_id", Uuid, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("footage_id", Uuid, nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("outputs", JSONB),
    Column("last_error", Text),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("completed_at", DateTime(timezone=True)),
)
