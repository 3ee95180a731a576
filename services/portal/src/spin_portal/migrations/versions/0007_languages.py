"""Languages: a person's own choice and an institute's default (issue 20).

Revision ID: 0007
"""

from alembic import op
from spin_portal.adapters.locale_tables import INSTITUTE_LANGUAGES, PERSON_LANGUAGES

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    PERSON_LANGUAGES.create(op.get_bind(), checkfirst=True)
    INSTITUTE_LANGUAGES.create(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    PERSON_LANGUAGES.drop(op.get_bind(), checkfirst=True)
    INSTITUTE_LANGUAGES.drop(op.get_bind(), checkfirst=True)
