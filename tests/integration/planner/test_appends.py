"""Appends to a case (helping questions, sessions) run without a transaction: one guarded
statement writes the row and its event only while the case is as it was read."""

from __future__ import annotations

import asyncio
from uuid import UUID, uuid4

import httpx
import pytest
from spin_contracts.claims import Principal, Role
from spin_contracts.events.planner import HelpingQuestionRecorded
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import Conflict
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import as_read, case_for, tenant_of
from spin_planner.service.units import APPEND_ATTEMPTS, Planner
from spin_planner.service.work import Outdated, Work

from tests.integration.planner.conftest import AGENCY, INSTITUTE, People, Served
from tests.integration.planner.flows import ago, open_case

pytestmark = pytest.mark.integration
DANA = Principal(
    subject="dana-reyes",
    role=Role.PRACTITIONER,
    institute_id=INSTITUTE,
    agency_id=AGENCY,
    token_id="test",
)


async def test_a_filming_ref_is_taken_once_even_by_simultaneous_requests(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    body = {
        "held_at": ago(days=2),
        "duration_minutes": 40,
        "children_present": True,
        "filming_session_ref": "visit-7",
    }
    path = f"/cases/{case['id']}/sessions/filming"
    answers = await asyncio.gather(
        *(planner.post(path, json=body, headers=people.dana) for _ in range(2))
    )
    assert sorted(a.status_code for a in answers) == [201, 409]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["detail"] == (
        "the filming session ref 'visit-7' is already used in this case"
    )


async def test_questions_racing_the_closing_of_their_case_are_recorded_or_refused(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    path = f"/cases/{case['id']}/helping-questions"
    question = {"words": "why does bedtime end in a fight?", "recorded_at": ago(days=1)}
    closing = {"closed_on": ago(hours=1)[:10], "reason": "goals_reached", "self_rating_end": 7}
    answers = await asyncio.gather(
        *(planner.post(path, json=question, headers=people.dana) for _ in range(10)),
        planner.post(
            f"/cases/{case['id']}/close",
            json=closing,
            headers={**people.dana, "If-Match": f'"{case["version"]}"'},
        ),
    )
    *asked, closed = answers
    assert closed.status_code == 200, closed.text
    assert {a.status_code for a in asked} <= {201, 409}
    stored = (await planner.get(path, headers=people.dana)).json()
    assert len(stored) == sum(a.status_code == 201 for a in asked)


async def test_a_guarded_append_on_a_case_changed_since_it_was_read_writes_nothing(
    served_planner: Served, people: People
) -> None:
    client, planner = served_planner.client, served_planner.app.state.planner
    case = await open_case(client, people.dana)
    async with planner.read(DANA) as work:
        as_read = await case_for(work, UUID(case["id"]), Access.WRITE)
        edit = await client.patch(
            f"/cases/{case['id']}",
            json={"self_rating_start": 5},
            headers={**people.dana, "If-Match": f'"{case["version"]}"'},
        )
        assert edit.status_code == 200, edit.text
        with pytest.raises(Outdated):
            await append_question(work, as_read)
        assert await work.questions.of_case(as_read.id) == []


async def test_an_append_is_tried_again_while_its_case_keeps_changing(
    served_planner: Served,
) -> None:
    planner: Planner = served_planner.app.state.planner
    attempts = 0

    async def outdated_once(work: Work) -> str:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise Outdated
        return "recorded"

    assert await planner.append(DANA, outdated_once) == "recorded"
    assert attempts == 2

    async def always_outdated(work: Work) -> str:
        nonlocal attempts
        attempts += 1
        raise Outdated

    attempts = 0
    with pytest.raises(Conflict, match="kept changing"):
        await planner.append(DANA, always_outdated)
    assert attempts == APPEND_ATTEMPTS


async def append_question(work: Work, case: Case) -> None:
    """What recording a helping question writes, guarded by the case as read."""
    question_id = uuid4()
    event = HelpingQuestionRecorded(
        case_id=case.id,
        case_code=case.case_code,
        helping_question_id=question_id,
        recorded_at=work.now,
    )
    values = {
        "id": question_id,
        "case_id": case.id,
        "status": "open",
        "words": "why?",
        "goals": [],
        "recorded_at": work.now,
    }
    added = await work.questions.add(values, work.outgoing(event, tenant_of(case)), as_read(case))
    if added is None:
        raise Outdated
