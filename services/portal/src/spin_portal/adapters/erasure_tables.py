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
