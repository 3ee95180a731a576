"""What is computed from the facts: each case's indicators (with their reasons) and the
rollups the dashboards read, and the institutes' threshold overrides they are computed with."""

from sqlalchemy import (
    Column,
    Date,
    Float,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

from spin_portal.adapters.tables.schema import metadata

CASE_INDICATORS = Table(
    "case_indicators",
    metadata,
    Column("case_code", String(32)),
    Column("indicator", String(4)),
    Column("outcome", String(4), nullable=False),
    Column("reason", Text, nullable=False),  # English; pages show it where no template (< 0009)
    Column("reason_template", Text),
    Column("reason_params", JSONB),
    # A counted reason (0011): reason_template is its singular, reason_params[count_key] the count.
    Column("reason_plural", Text),
    Column("reason_count_key", String(32)),
    PrimaryKeyConstraint("case_code", "indicator"),
)
ROLLUPS = Table(
    "rollups",
    metadata,
    Column("scope_kind", String(16)),
    Column("scope_id", String(64)),
    Column("month", Date),
    Column("indicator", String(4)),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64)),
    Column("cases", Integer, nullable=False),
    Column("applicable", Integer, nullable=False),
    Column("passing", Integer, nullable=False),
    PrimaryKeyConstraint("scope_kind", "scope_id", "month", "indicator"),
    Index("rollups_institute", "scope_kind", "institute_id", "month"),
    Index("rollups_agency", "scope_kind", "agency_id", "month"),
)
THRESHOLDS = Table(
    "thresholds",
    metadata,
    Column("institute_id", String(64)),
    Column("name", String(64)),
    Column("value", Float, nullable=False),
    PrimaryKeyConstraint("institute_id", "name"),
)
