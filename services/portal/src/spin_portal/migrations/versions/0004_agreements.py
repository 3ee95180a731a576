"""Inter-rater agreement of apprentices' and supervisors' codings (agreement.computed).

Revision ID: 0004
"""

from alembic import op
from spin_portal.adapters.coaching_tables import AGREEMENTS

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    AGREEMENTS.create(op.get_bind(), checkfirst=True)
