"""The indicators' reasons as messages with parameters, so pages translate them (issue 20).

Rows computed before keep their English text and no template; the next refresh of their case
fills both. "If not exists": 0002 creates the table from today's metadata, which has them.

Revision ID: 0009
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE case_indicators ADD COLUMN IF NOT EXISTS reason_template text,"
        " ADD COLUMN IF NOT EXISTS reason_params jsonb"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE case_indicators DROP COLUMN IF EXISTS reason_params,"
        " DROP COLUMN IF EXISTS reason_template"
    )
