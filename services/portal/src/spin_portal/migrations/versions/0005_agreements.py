"""Inter-rater agreement of apprentices' and supervisors' codings (agreement.computed).

Revision ID: 0005
"""

from alembic import op
from spin_portal.adapters.coaching_tables import AGREEMENTS

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    AGREEMENTS.create(op.get_bind(), checkfirst=True)
