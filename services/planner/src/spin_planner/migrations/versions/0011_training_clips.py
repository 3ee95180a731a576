"""Clips marked for use in training (under the case's training consent); the footage lifecycle
erases them on withdrawal or after five years, and says so with footage.erased.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_clips",
        sa.Column("moment_id", sa.Uuid(), sa.ForeignKey("moments.id"), primary_key=True),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("footage_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("clip_key", sa.String(512), nullable=False),
        sa.Column("marked_by", sa.String(128), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_reason", sa.String(32), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("training_clips")
