"""Erased footage: when and why it was erased (footage.erased), and when its camera file went
on its own (30 days after its renditions were verified).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("footage", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("footage", sa.Column("erased_reason", sa.String(32), nullable=True))
    op.add_column("footage", sa.Column("raw_erased_at", sa.DateTime(timezone=True), nullable=True))
