"""The read model's position per topic partition (one batching consumer, issue 15).

Revision ID: 0008
"""

from alembic import op
from spin_portal.adapters.position_tables import POSITIONS

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    POSITIONS.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    POSITIONS.drop(op.get_bind(), checkfirst=True)
