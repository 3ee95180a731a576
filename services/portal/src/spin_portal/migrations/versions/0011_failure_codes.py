"""Why footage failed as the transcoder's code and its values (stage, attempts, a short disk),
which pages word in the reader's language; `failed_reason` keeps the English words.

Revision ID: 0011
After 0010 (institute time zones).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("footage", sa.Column("failed", JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("footage", "failed")
