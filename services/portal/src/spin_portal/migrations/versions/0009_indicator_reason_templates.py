"""The indicators' reasons as messages with parameters, so pages translate them (issue 20).

Rows computed before keep their English text and no template; the next refresh of their case
fills both.

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_indicators", sa.Column("reason_template", sa.Text(), nullable=True))
    op.add_column("case_indicators", sa.Column("reason_params", JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("case_indicators", "reason_params")
    op.drop_column("case_indicators", "reason_template")
