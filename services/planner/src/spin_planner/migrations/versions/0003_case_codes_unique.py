"""Case codes unique across agencies (they key consent, footage and the portal's read model).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("cases_code_per_agency", "cases", type_="unique")
    op.create_unique_constraint("cases_code_unique", "cases", ["case_code"])
