"""The agency download setting: only the agency's admin changes it (If-Match, like every edit),
it is off until then, the offline policy follows it, and `agency.downloads_changed` carries ids
and the setting only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import AGENCY, People
from tests.integration.planner.flows import open_case
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def test_only_the_agency_admin_allows_downloads(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    path = f"/agencies/{AGENCY}"
    case = await open_case(planner, people.dana)
    policy = f"/cases/{case['id']}/offline-policy"
    read = await planner.get(path, headers=people.admin)
    assert read.status_code == 200, read.text
    assert read.json()["downloads_allowed"] is False
    etag = read.headers["ETag"]
    assert (await planner.get(policy, headers=people.dana)).json()["downloads_allowed"] is False

    on = {"downloads_allowed": True}
    for refused, status in (
        (people.dana, 403),
        (people.lee, 403),
        (people.staff, 403),
        (people.other_admin, 404),
    ):
        answer = await planner.patch(path, json=on, headers={**refused, "If-Match": etag})
        assert answer.status_code == status, answer.text
    missing = await planner.patch(path, json=on, headers=people.admin)
    assert missing.status_code == 428, missing.text
    changed = await planner.patch(path, json=on, headers={**people.admin, "If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["downloads_allowed"] is True
    assert changed.headers["ETag"] != etag
    stale = await planner.patch(
        path, json={"downloads_allowed": False}, headers={**people.admin, "If-Match": etag}
    )
    assert stale.status_code == 412, stale.text
    assert (await planner.get(policy, headers=people.dana)).json()["downloads_allowed"] is True
    await _unknown_agency_and_bad_body_refused(planner, people, etag, changed.headers["ETag"])

    changes = await _downloads_changed(isolated)
    assert len(changes) == 1
    assert {k: changes[0][k] for k in ("agency_id", "downloads_allowed")} == {
        "agency_id": AGENCY,
        "downloads_allowed": True,
    }


async def _unknown_agency_and_bad_body_refused(
    planner: httpx.AsyncClient, people: People, old_etag: str, etag: str
) -> None:
    on = {"downloads_allowed": True}
    unknown = await planner.patch(
        "/agencies/no-such-agency", json=on, headers={**people.admin, "If-Match": old_etag}
    )
    assert unknown.status_code == 404
    bad = await planner.patch(
        f"/agencies/{AGENCY}",
        json={"downloads_allowed": "yes please"},
        headers={**people.admin, "If-Match": etag},
    )
    assert bad.status_code == 422


async def _downloads_changed(isolated: Isolation) -> list[dict[str, Any]]:
    values = await read_topic(isolated, Topic.DIRECTORY, expected=11, timeout_s=10)
    return [
        e.payload
        for e, _ in (decode(v) for v in values)
        if e.event_type == "agency.downloads_changed"
    ]
