"""Institute time zones (issue 20, item 3).

Revision ID: 0010
After 0009 (indicator reason templates).
"""

from alembic import op
from spin_portal.adapters.zone_tables import INSTITUTE_TIME_ZONES

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    INSTITUTE_TIME_ZONES.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    INSTITUTE_TIME_ZONES.drop(op.get_bind(), checkfirst=True)
