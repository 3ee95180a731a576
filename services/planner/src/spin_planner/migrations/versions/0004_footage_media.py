"""Where a transcoded footage's media lie: its bucket and the object keys of its renditions,
poster, sprite and WebVTT thumbnails (for the practitioners' player).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Footage transcoded before this revision keeps NULL until it is transcoded again.
    op.add_column("footage", sa.Column("bucket", sa.Text(), nullable=True))
    op.add_column("footage", sa.Column("media", postgresql.JSONB(), nullable=True))
