"""Erasures of footage (footage.erased: what went, when and why, per footage and scope), the
upcoming ones (footage.erasure_scheduled) and the legal holds that postpone them.

Revision ID: 0004
"""

from alembic import op
from spin_portal.adapters.erasure_tables import ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in (ERASURES, ERASURE_SCHEDULE, LEGAL_HOLDS):
        table.create(op.get_bind(), checkfirst=True)
