"""What the portal keeps of `footage.erased`: per footage and scope, every object removed, for
the case timeline and the erasure record an agency hands its data-protection officer."""

from sqlalchemy import Column, DateTime, Index, String, Table, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from spin_portal.adapters.tables import metadata

ERASURES = Table(
    "erasures",
    metadata,
    Column("footage_id", Uuid, primary_key=True),
    Column("scope", String(8), primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("institute_id", String(64)),
    Column("agency_id", String(64)),
    Column("reason", String(32)),
    Column("due_at", DateTime(timezone=True)),
    Column("erased_at", DateTime(timezone=True)),
    Column("bucket", String(64)),
    # [{"key", "kind", "size_bytes"}], as the event lists them.
    Column("objects", JSONB),
    Index("erasures_case", "case_code"),
)

# From footage.erasure_scheduled: what is due to go when (the latest word per footage and scope).
ERASURE_SCHEDULE = Table(
    "erasure_schedule",
    metadata,
    Column("footage_id", Uuid, primary_key=True),
    Column("scope", String(8), primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("agency_id", String(64)),
    Column("reason", String(32)),
    Column("due_at", DateTime(timezone=True)),
    Index("erasure_schedule_agency", "agency_id", "due_at"),
)

# From legal_hold.placed / lifted (the reason stays in the planner).
LEGAL_HOLDS = Table(
    "legal_holds",
    metadata,
    Column("hold_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("agency_id", String(64)),
    Column("placed_at", DateTime(timezone=True)),
    Column("lifted_at", DateTime(timezone=True)),
    Index("legal_holds_case", "case_code"),
)
