"""Migration 0014 (F11's limit as counted hours) on a portal that already has reasons: the
cases of F11 rows with the "%(hours)s h" templates from before are due for a refresh (which
writes them as a rebuild would), the rest stay."""

from __future__ import annotations

import pytest

from tests.integration.portal.support import portal_settings
from tests.integration.portal.test_plural_migration import cases_dirtied_by
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
OLD_ROWS = """INSERT INTO case_indicators
    (case_code, indicator, outcome, reason, reason_template, reason_params) VALUES
    ('C-F11-OLD', 'F11', 'pass', 'the one upload arrived within 48 h and did not fail',
     'the one upload arrived within %(hours)s h and did not fail', '{"uploads": 1, "hours": 48}'),
    ('C-F11-NEW', 'F11', 'pass', 'the one upload arrived within 48 hours and did not fail',
     'the one upload arrived within %(limit_hours)s and did not fail',
     '{"uploads": 1, "limit_hours": 48}'),
    ('C-PLAIN', 'F8', 'n/a', 'no shared review recorded yet',
     'no shared review recorded yet', '{}')"""


async def test_0014_refreshes_the_cases_of_f11_in_abbreviated_hours(isolated: Isolation) -> None:
    dirty = await cases_dirtied_by(portal_settings(isolated), "0013", "0014", OLD_ROWS)
    assert sorted(dirty) == ["C-F11-OLD"]
