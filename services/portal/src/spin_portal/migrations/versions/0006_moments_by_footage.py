"""Moments by footage: the case list asks, per case, which ready footage has no moment yet;
without this index that was a scan of every moment in the read model.

Revision ID: 0006
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("moments_footage", "moments", ["footage_id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("moments_footage", table_name="moments", if_exists=True)
