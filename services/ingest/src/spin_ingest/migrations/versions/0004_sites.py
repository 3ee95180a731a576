"""Ingest's view of the directory's sites (which agency each site belongs to).

Revision ID: 0004
"""

from alembic import op
from spin_ingest.adapters.sites import SITES

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    SITES.create(op.get_bind())
