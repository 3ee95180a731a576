"""Uploads, their parts, footage and the consent view.

Revision ID: 0002
"""

from alembic import op
from spin_ingest.adapters.tables import CONSENTS, FOOTAGE, UPLOAD_PARTS, UPLOADS

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in (UPLOADS, UPLOAD_PARTS, FOOTAGE, CONSENTS):
        table.create(op.get_bind())
