"""Clips marked for training (from the planner) and the case's training consent: the lifecycle
erases the marked clips on withdrawal or five years after the marking.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_clips",
        sa.Column("clip_id", sa.Uuid, primary_key=True),
        sa.Column("footage_id", sa.Uuid, nullable=False, index=True),
        sa.Column("case_code", sa.String(32), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )
    for name in ("training_granted_at", "training_withdrawn_at"):
        op.add_column("lifecycle_cases", sa.Column(name, sa.DateTime(timezone=True)))


def downgrade() -> None:
    for name in ("training_granted_at", "training_withdrawn_at"):
        op.drop_column("lifecycle_cases", name)
    op.drop_table("training_clips")
