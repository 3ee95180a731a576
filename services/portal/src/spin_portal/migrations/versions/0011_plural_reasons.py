"""Counted reasons (issue 20): an indicator's reason worded by a number keeps its plural
sentence and the key of its count beside its template (the singular), so each language picks
the form its plural rule wants.

Rows computed before keep no plural and show their one template as before; their cases are
marked dirty, so the refresher writes them anew with both forms within seconds.
"If not exists": 0002 creates the table from today's metadata, which has them.

Revision ID: 0011
After 0010 (institute time zones).
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE case_indicators ADD COLUMN IF NOT EXISTS reason_plural text,"
        " ADD COLUMN IF NOT EXISTS reason_count_key varchar(32)"
    )
    op.execute(
        "INSERT INTO dirty_cases (case_code) SELECT DISTINCT case_code FROM case_indicators"
        " WHERE reason_plural IS NULL AND reason_params <> '{}'::jsonb"
        " ON CONFLICT DO NOTHING"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE case_indicators DROP COLUMN IF EXISTS reason_count_key,"
        " DROP COLUMN IF EXISTS reason_plural"
    )
