"""Why footage failed as the transcoder's code and its values (stage, attempts, a short disk),
which pages word in the reader's language; `failed_reason` keeps the English words. Rows
projected before keep only those until a rebuild. "If not exists": 0002 creates the table from
today's metadata, which has the column.

Revision ID: 0012
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE footage ADD COLUMN IF NOT EXISTS failed jsonb")


def downgrade() -> None:
    op.execute("ALTER TABLE footage DROP COLUMN IF EXISTS failed")
