"""The transcode schema (SQLAlchemy Core); migrations under `migrations/` create it."""

from spincore.db import plumbing_tables
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
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
    # The job queue: the event, the seconds to encode (a footage's source seconds, or an
    # estimate from its size; a clip request's clip seconds), and the lease of the worker
    # process running it (see adapters/queue.py).
    Column("envelope", JSONB),
    Column("weight_s", Float),
    Column("queued_at", DateTime(timezone=True)),
    Column("not_before", DateTime(timezone=True)),
    Column("lease_until", DateTime(timezone=True)),
    Column("claimed_by", String(64)),
    Index(
        "jobs_queued",
        "queued_at",
        postgresql_where=text("status = 'running' AND envelope IS NOT NULL"),
    ),
)

# The footage lifecycle (erasure owner): what is known of each footage and case, the holds,
# and one erasure job per footage and scope (raw: the camera file; all: everything;
# training: the clips marked for training).
LIFECYCLE_FOOTAGE = Table(
    "lifecycle_footage",
    metadata,
    Column("footage_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False, index=True),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64)),
    Column("site_id", String(64)),
    Column("bucket", String(63), nullable=False),
    Column("raw_key", String(300), nullable=False),
    Column("staging_prefix", String(300)),
    Column("first_seen_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("verified_at", DateTime(timezone=True)),
)

LIFECYCLE_CASES = Table(
    "lifecycle_cases",
    metadata,
    Column("case_code", String(32), primary_key=True),
    Column("filming_granted_at", DateTime(timezone=True)),
    Column("filming_withdrawn_at", DateTime(timezone=True)),
    Column("closed_on", Date),
    Column("training_granted_at", DateTime(timezone=True)),
    Column("training_withdrawn_at", DateTime(timezone=True)),
)

# Clips the planner marked for training (a moment's clip: its key follows from the ids).
TRAINING_CLIPS = Table(
    "training_clips",
    metadata,
    Column("clip_id", Uuid, primary_key=True),
    Column("footage_id", Uuid, nullable=False, index=True),
    Column("case_code", String(32), nullable=False),
    Column("key", String(300), nullable=False),
    Column("marked_at", DateTime(timezone=True), nullable=False),
)

# The reason is an agency admin's, kept here for the audit; it never leaves in an event or log.
LEGAL_HOLDS = Table(
    "legal_holds",
    metadata,
    Column("hold_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("placed_by", String(64), nullable=False),
    Column("placed_at", DateTime(timezone=True), nullable=False),
    Column("lifted_by", String(64)),
    Column("lifted_at", DateTime(timezone=True)),
    Index("legal_holds_active", "case_code", postgresql_where=text("lifted_at IS NULL")),
)

# status: scheduled -> running -> done | superseded (an `all` job done makes `raw` moot)
ERASURE_JOBS = Table(
    "erasure_jobs",
    metadata,
    Column("job_id", Uuid, primary_key=True),
    Column("footage_id", Uuid, nullable=False),
    Column("case_code", String(32), nullable=False),
    Column("scope", String(8), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("inventory", JSONB),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("erased_at", DateTime(timezone=True)),
    UniqueConstraint("footage_id", "scope", name="erasure_once_per_scope"),
    Index(
        "erasure_jobs_due", "due_at", postgresql_where=text("status IN ('scheduled', 'running')")
    ),
)
