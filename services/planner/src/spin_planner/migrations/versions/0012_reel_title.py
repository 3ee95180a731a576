"""The reel's title a practitioner types stays in the planner: clip.requested no longer
carries it (no free text on a topic).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("clip_requests", sa.Column("reel_title", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("clip_requests", "reel_title")
