"""Migration 0013 (thresholds with their nouns, failures by their codes) on a portal that
already has reasons: the cases of F2 and F4 rows with the templates from before and of failing
F11 rows are due for a refresh (which writes them as a rebuild would), the rest stay."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory

from tests.integration.portal.support import portal_settings
from tests.integration.portal.test_plural_migration import cases_dirtied_by, config_for
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
OLD_ROWS = """INSERT INTO case_indicators
    (case_code, indicator, outcome, reason, reason_template, reason_params) VALUES
    ('C-F4-OLD', 'F4', 'pass', 'the one filming due was followed ... within 7 days',
     'the one filming due was followed by a shared review within %(days)s days',
     '{"due": 1, "days": 7}'),
    ('C-F4-NEW', 'F4', 'pass', 'the one filming due was followed ... within 7 days',
     'the one filming due was followed by a shared review within %(within_days)s',
     '{"due": 1, "within_days": 7}'),
    ('C-F11', 'F11', 'fail', '1 upload failed processing (The file is a still image.)',
     '%(failed)s upload failed processing (%(failure)s)',
     '{"failed": 1, "failure": "The file is a still image."}'),
    ('C-F11', 'F1', 'n/a', 'no filming recorded yet', 'no filming recorded yet', '{}'),
    ('C-PLAIN', 'F8', 'n/a', 'no shared review recorded yet',
     'no shared review recorded yet', '{}')"""


def threshold_revisions() -> tuple[str, str]:
    """The migration's revision and the one before (by its file, should it renumber)."""
    scripts = ScriptDirectory.from_config(config_for())
    (counted,) = [r for r in scripts.walk_revisions() if r.path.endswith("_counted_thresholds.py")]
    assert isinstance(counted.down_revision, str)
    return counted.revision, counted.down_revision


async def test_0013_refreshes_the_cases_of_old_thresholds_and_failures(
    isolated: Isolation,
) -> None:
    counted, before = threshold_revisions()
    dirty = await cases_dirtied_by(portal_settings(isolated), before, counted, OLD_ROWS)
    assert sorted(dirty) == ["C-F11", "C-F4-OLD"]
