"""When a supervisor chose to see their apprentice's moments on a footage without coding it
independently: from then on their coding of that footage would not be blind, so it is closed.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0007 creates the table from the current metadata on a fresh database, column included.
    op.execute("ALTER TABLE codings ADD COLUMN IF NOT EXISTS moments_seen_at timestamptz")


def downgrade() -> None:
    op.drop_column("codings", "moments_seen_at")
