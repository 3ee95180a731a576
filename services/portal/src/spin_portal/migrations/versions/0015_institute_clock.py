"""The indicators count days on the institute's clock (its time zone, else SPIN_TIME_ZONE)
instead of UTC's. Rows computed before may have put a session or a filming on the day before
or after; every case with indicators is marked dirty, so the refresher writes them anew within
seconds, as a rebuild would.

Revision ID: 0015
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO dirty_cases (case_code) SELECT DISTINCT case_code FROM case_indicators"
        " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    """Nothing to undo: the refresher computes on whichever clock the code has."""
