"""Accounts of practitioners and supervisors (their practitioner id and site), deactivation,
and single-use set-password links.

Revision 0002 creates the tables from the current metadata, so on a fresh database these
columns and the table exist already: every step here is written to be a no-op then.

Revision ID: 0003
"""

from alembic import op
from spin_portal.adapters.tables import PASSWORD_LINKS

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD COLUMN IF NOT EXISTS site_id varchar(64)")
    op.execute("ALTER TABLE users ADD COLUMN IF NOT EXISTS practitioner_id varchar(64)")
    op.execute("ALTER TABLE users ADD COLUMN IF NOT EXISTS active boolean NOT NULL DEFAULT true")
    PASSWORD_LINKS.create(op.get_bind(), checkfirst=True)
