"""Revoked upload tokens (ingest's view of upload_token.revoked).

Revision ID: 0003
"""

from alembic import op
from spin_ingest.adapters.revoked_tokens import REVOKED_TOKENS

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    REVOKED_TOKENS.create(op.get_bind())
