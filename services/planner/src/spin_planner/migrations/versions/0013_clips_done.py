"""How many clips of a request the transcoder has cut so far (clip.progress), for the plan
page's progress bar.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "clip_requests",
        sa.Column("clips_done", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_column("clip_requests", "clips_done")
