"""Case codes unique across agencies (they key consent, footage and the portal's read model).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    shared = op.get_bind().execute(
        sa.text("SELECT case_code FROM cases GROUP BY case_code HAVING count(*) > 1")
    )
    codes = sorted(row.case_code for row in shared)
    if codes:
        # Renaming a pseudonymous code would break its links in ingest and the portal, so a
        # person must decide: give one of each pair a new code, then start the planner again.
        raise RuntimeError(
            "case codes must be unique across agencies, but these are used by more than one "
            f"agency: {', '.join(codes)}. Give each a distinct code, then restart the planner."
        )
    op.drop_constraint("cases_code_per_agency", "cases", type_="unique")
    op.create_unique_constraint("cases_code_unique", "cases", ["case_code"])
