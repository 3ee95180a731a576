"""Thresholds with their nouns and failures by their codes in the indicators' reasons (issue
20): F2's weekly minutes and F4's days are counted parameters ("within 1 day"), F11 keeps the
failure's code and values for pages to word. Rows computed before keep their old templates
(shown in English, the catalogs having moved on) and F11's English failure words; their
cases are marked dirty, so the refresher writes them anew within seconds, as a rebuild would.

Revision ID: 0013
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO dirty_cases (case_code) SELECT DISTINCT case_code FROM case_indicators"
        " WHERE (indicator IN ('F2', 'F4') AND reason_template IS NOT NULL"
        " AND reason_template NOT LIKE '%(weekly_minutes)s%'"
        " AND reason_template NOT LIKE '%(within_days)s%')"
        " OR (indicator = 'F11' AND outcome = 'fail')"
        " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    """Nothing to undo: the refresher writes whichever templates the code has."""
