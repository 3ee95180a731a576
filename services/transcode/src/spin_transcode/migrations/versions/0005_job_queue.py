"""The footage job queue: the event a job came from, its weight (source seconds), when it was
queued, and the lease of the worker process that holds it.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("envelope", JSONB))
    op.add_column("jobs", sa.Column("weight_s", sa.Float))
    op.add_column("jobs", sa.Column("queued_at", sa.DateTime(timezone=True)))
    op.add_column("jobs", sa.Column("not_before", sa.DateTime(timezone=True)))
    op.add_column("jobs", sa.Column("lease_until", sa.DateTime(timezone=True)))
    op.add_column("jobs", sa.Column("claimed_by", sa.String(64)))
    op.create_index(
        "jobs_queued",
        "jobs",
        ["queued_at"],
        postgresql_where=sa.text("status = 'running' AND envelope IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("jobs_queued", table_name="jobs")
    for name in ("claimed_by", "lease_until", "not_before", "queued_at", "weight_s", "envelope"):
        op.drop_column("jobs", name)
