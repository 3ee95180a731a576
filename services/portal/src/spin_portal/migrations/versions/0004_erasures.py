"""Erasures of footage (footage.erased): what went, when and why, per footage and scope.

Revision ID: 0004
"""

from alembic import op
from spin_portal.adapters.erasure_tables import ERASURES

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ERASURES.create(op.get_bind(), checkfirst=True)
