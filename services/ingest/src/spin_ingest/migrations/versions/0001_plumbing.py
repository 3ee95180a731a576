"""Outbox and processed-events tables.

Revision ID: 0001
"""

from spincore.db.migrations import create_plumbing_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_plumbing_tables()
