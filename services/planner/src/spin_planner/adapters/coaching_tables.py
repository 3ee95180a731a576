"""Tables of an apprentice's video coaching: time-coded comments on footage, the supervisor's
own coding of a footage, who finished coding, and the agreement computed from both."""

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from spin_planner.adapters.tables import metadata


def _created() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


COACHING_COMMENTS = Table(
    "coaching_comments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False),
    Column("footage_id", Uuid, ForeignKey("footage.id"), nullable=False),
    Column("practitioner_id", String(64), nullable=False),  # the apprentice coached
    Column("supervisor_id", String(64), nullable=False),
    Column("author_id", String(64), nullable=False),
    Column("reply_to", Uuid, ForeignKey("coaching_comments.id")),
    Column("at_s", Float, nullable=False),
    Column("words", Text, nullable=False),
    _created(),
    Index("coaching_comments_by_footage", "footage_id", "at_s"),
    Index("coaching_comments_by_pair", "practitioner_id", "supervisor_id", "created_at"),
)

# One row per coder of a footage: the supervisor coding independently, the apprentice (whose
# coding is the case's moments); `done_at` once they declared their coding finished. The
# supervisor's `moments_seen_at`: they chose to see the apprentice's moments instead of coding
# blind, which closes their coding of that footage.
CODINGS = Table(
    "codings",
    metadata,
    Column("footage_id", Uuid, ForeignKey("footage.id"), primary_key=True),
    Column("coder_id", String(64), primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("done_at", DateTime(timezone=True)),
    Column("moments_seen_at", DateTime(timezone=True)),
    _created(),
)

SUPERVISOR_MOMENTS = Table(
    "supervisor_moments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("footage_id", Uuid, ForeignKey("footage.id"), nullable=False),
    Column("coder_id", String(64), nullable=False),
    Column("start_s", Float, nullable=False),
    Column("end_s", Float, nullable=False),
    Column("principles", JSONB, nullable=False),
    _created(),
    Index("supervisor_moments_by_coding", "footage_id", "coder_id", "start_s"),
)

AGREEMENTS = Table(
    "agreements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False),
    Column("footage_id", Uuid, ForeignKey("footage.id"), nullable=False),
    Column("practitioner_id", String(64), nullable=False),
    Column("supervisor_id", String(64), nullable=False),
    Column("slice_s", Float, nullable=False),
    Column("apprentice_moments", Integer, nullable=False),
    Column("supervisor_moments", Integer, nullable=False),
    Column("figures", JSONB, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    Index("agreements_by_footage", "footage_id", "supervisor_id", unique=True),
)
