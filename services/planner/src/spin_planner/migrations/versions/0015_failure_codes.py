"""Why footage or a clip request failed, as the transcoder's code and its values (stage,
attempts, a short disk), for the portal to word in its reader's language; `failure_reason`
keeps the English words older events carried.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("footage", "clip_requests"):
        op.add_column(table, sa.Column("failure", JSONB(), nullable=True))


def downgrade() -> None:
    for table in ("footage", "clip_requests"):
        op.drop_column(table, "failure")
