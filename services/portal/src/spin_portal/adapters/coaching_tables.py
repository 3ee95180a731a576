"""Read model of apprentices' coaching: the inter-rater agreement of each footage coded by an
apprentice and their supervisor (figures only; footage and words stay in the planner)."""

from sqlalchemy import Column, DateTime, Float, Index, Integer, String, Table, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from spin_portal.adapters.tables import metadata

AGREEMENTS = Table(
    "agreements",
    metadata,
    Column("footage_id", Uuid, primary_key=True),
    Column("supervisor_id", String(64), primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("practitioner_id", String(64), nullable=False),
    Column("institute_id", String(64)),
    Column("agency_id", String(64)),
    Column("slice_s", Float),
    Column("apprentice_moments", Integer),
    Column("supervisor_moments", Integer),
    Column("figures", JSONB),
    Column("computed_at", DateTime(timezone=True)),
    Index("agreements_by_practitioner", "practitioner_id", "computed_at"),
)
