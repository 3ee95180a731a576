"""Video coaching of apprentices: time-coded comments on footage, the supervisor's own coding,
who finished coding, the agreement of both codings, and the footage a supervision reviewed.

Revision ID: 0007
Revises: 0006
"""

from alembic import op
from spin_planner.adapters.coaching_tables import (
    AGREEMENTS,
    COACHING_COMMENTS,
    CODINGS,
    SUPERVISOR_MOMENTS,
)

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE supervisions ADD COLUMN IF NOT EXISTS footage_ids jsonb NOT NULL "
        "DEFAULT '[]'::jsonb"
    )
    bind = op.get_bind()
    for table in (COACHING_COMMENTS, CODINGS, SUPERVISOR_MOMENTS, AGREEMENTS):
        table.create(bind, checkfirst=True)
