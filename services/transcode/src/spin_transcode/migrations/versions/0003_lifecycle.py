"""The footage lifecycle: footage and case facts, legal holds, erasure jobs.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, *, required: bool = False, now: bool = False) -> sa.Column:  # type: ignore[type-arg]
    default = sa.func.now() if now else None
    return sa.Column(
        name, sa.DateTime(timezone=True), nullable=not required, server_default=default
    )


def upgrade() -> None:
    op.create_table(
        "lifecycle_footage",
        sa.Column("footage_id", sa.Uuid, primary_key=True),
        sa.Column("case_code", sa.String(32), nullable=False, index=True),
        sa.Column("institute_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64)),
        sa.Column("site_id", sa.String(64)),
        sa.Column("bucket", sa.String(63), nullable=False),
        sa.Column("raw_key", sa.String(300), nullable=False),
        sa.Column("staging_prefix", sa.String(300)),
        _when("first_seen_at", required=True, now=True),
        _when("verified_at"),
    )
    op.create_table(
        "lifecycle_cases",
        sa.Column("case_code", sa.String(32), primary_key=True),
        _when("filming_granted_at"),
        _when("filming_withdrawn_at"),
        sa.Column("closed_on", sa.Date),
    )
    op.create_table(
        "legal_holds",
        sa.Column("hold_id", sa.Uuid, primary_key=True),
        sa.Column("case_code", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("placed_by", sa.String(64), nullable=False),
        _when("placed_at", required=True),
        sa.Column("lifted_by", sa.String(64)),
        _when("lifted_at"),
    )
    op.create_index(
        "legal_holds_active",
        "legal_holds",
        ["case_code"],
        postgresql_where=sa.text("lifted_at IS NULL"),
    )
    op.create_table(
        "erasure_jobs",
        sa.Column("job_id", sa.Uuid, primary_key=True),
        sa.Column("footage_id", sa.Uuid, nullable=False),
        sa.Column("case_code", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        _when("due_at", required=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        _when("next_attempt_at"),
        sa.Column("inventory", JSONB),
        sa.Column("last_error", sa.Text),
        _when("created_at", required=True, now=True),
        _when("erased_at"),
        sa.UniqueConstraint("footage_id", "scope", name="erasure_once_per_scope"),
    )
    op.create_index(
        "erasure_jobs_due",
        "erasure_jobs",
        ["due_at"],
        postgresql_where=sa.text("status IN ('scheduled', 'running')"),
    )


def downgrade() -> None:
    for table in ("erasure_jobs", "legal_holds", "lifecycle_cases", "lifecycle_footage"):
        op.drop_table(table)
