"""Legal holds: only the case's agency admins place and lift them, a reason is required, the
reason stays in the planner (the events carry ids only), and a hold is lifted once."""

from __future__ import annotations

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import open_case
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
REASON = "court order 2026/114 in the matter of the Jansen family"


async def test_holds_are_for_the_agency_admin_and_their_reason_stays_here(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    holds = f"/cases/{case['id']}/legal-holds"

    empty = await planner.post(holds, json={"reason": " "}, headers=people.admin)
    assert empty.status_code == 422
    assert "reason" in empty.text
    for refused, status in ((people.dana, 403), (people.staff, 403), (people.other_admin, 404)):
        answer = await planner.post(holds, json={"reason": REASON}, headers=refused)
        assert answer.status_code == status, answer.text
    placed = await planner.post(holds, json={"reason": REASON}, headers=people.admin)
    assert placed.status_code == 201, placed.text
    hold = placed.json()
    listed = (await planner.get(holds, headers=people.admin)).json()
    assert [(h["id"], h["reason"], h["lifted_at"]) for h in listed] == [(hold["id"], REASON, None)]
    assert (await planner.get(holds, headers=people.dana)).status_code == 403

    lift = f"{holds}/{hold['id']}/lift"
    assert (await planner.post(lift, headers=people.other_admin)).status_code == 404
    lifted = await planner.post(lift, headers=people.admin)
    assert lifted.status_code == 200, lifted.text
    assert lifted.json()["lifted_at"] is not None
    again = await planner.post(lift, headers=people.admin)
    assert again.status_code == 409
    assert "already lifted" in again.json()["detail"]

    values = await read_topic(isolated, Topic.PLANNER, expected=3, timeout_s=10)
    events = {e.event_type: e.payload for e, _ in (decode(v) for v in values)}
    assert events["legal_hold.placed"]["hold_id"] == hold["id"]
    assert events["legal_hold.lifted"]["hold_id"] == hold["id"]
    assert not any(b"Jansen" in v or b"court order" in v for v in values)
