"""An institute's vocabulary and its names for tags per language (issue 20, item 5).

Revision ID: 0014
Revises: 0013
"""

from alembic import op
from spin_planner.adapters.vocabulary_tables import INSTITUTE_TAG_NAMES, INSTITUTE_VOCABULARIES

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    INSTITUTE_VOCABULARIES.create(op.get_bind(), checkfirst=True)
    INSTITUTE_TAG_NAMES.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    INSTITUTE_TAG_NAMES.drop(op.get_bind(), checkfirst=True)
    INSTITUTE_VOCABULARIES.drop(op.get_bind(), checkfirst=True)
