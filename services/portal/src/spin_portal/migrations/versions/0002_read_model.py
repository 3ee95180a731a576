"""The read model, computed indicators and rollups, accounts, upload tokens and the audit log.

Revision ID: 0002
"""

from alembic import op
from spin_portal.adapters.tables import metadata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PLUMBING = {"outbox", "processed_events"}


def upgrade() -> None:
    tables = [t for name, t in metadata.tables.items() if name not in PLUMBING]
    metadata.create_all(op.get_bind(), tables=tables)
