"""F11's upload limit as counted hours ("within 48 hours", "binnen 48 uur") instead of the
number and an "h" no language but English abbreviates so (issue 20). Rows computed before keep
their old templates (shown in English); their cases are marked dirty, so the refresher writes
them anew within seconds, as a rebuild would.

Revision ID: 0014
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO dirty_cases (case_code) SELECT DISTINCT case_code FROM case_indicators"
        " WHERE indicator = 'F11' AND reason_template LIKE '%(hours)s%'"
        " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    """Nothing to undo: the refresher writes whichever templates the code has."""
