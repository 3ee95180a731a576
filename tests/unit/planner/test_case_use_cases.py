"""A case's intake as use cases on in-memory stores: opening, consent, questions, who may."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest
from spin_contracts.claims import Role
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose, ConsentWithdrawn
from spin_contracts.events.planner import DeliverySetting
from spin_planner.domain.commands.cases import (
    Caregiver,
    CaseEdit,
    Child,
    ConsentWithdrawal,
    NewCase,
    NewConsent,
    NewHelpingQuestion,
)
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import (
    Conflict,
    Forbidden,
    ImpossibleTimeline,
    InvalidInput,
    NotFound,
)
from spin_planner.service import cases, consent, questions
from spin_planner.service.work import Outdated

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import AGENCY, INSTITUTE, SITE, World, harbor, who

DANA = who(Role.PRACTITIONER, "dana")
LEE = who(Role.SUPERVISOR, "lee")
NEW = NewCase(
    delivery_setting=DeliverySetting.BIRTH_FAMILY_HOME,
    caregivers=[Caregiver(relation="mother", name="Ana")],
    children=[Child(age=4, name="Io")],
    opened_on=date(2026, 2, 1),
)


async def opened(world: World) -> Case:
    return await cases.open_case(world.work(DANA), NEW)


async def test_a_practitioner_opens_a_case_of_their_own_in_their_agency() -> None:
    world = harbor()
    case = await opened(world)
    assert (case.practitioner_id, case.agency_id, case.site_id) == ("dana", AGENCY, SITE)
    assert (case.institute_id, case.version, case.status) == (INSTITUTE, 1, "open")
    assert world.cases.rows[case.id] == case
    [staged] = world.outbox.staged
    assert staged.envelope.event_type == "case.opened"
    assert staged.envelope.tenant.site_id == SITE
    assert "Ana" not in staged.envelope.model_dump_json()


async def test_a_practitioner_cannot_open_a_case_for_someone_else() -> None:
    world = harbor()
    for_sam = replace(NEW, practitioner_id="sam")
    with pytest.raises(InvalidInput, match="for themselves"):
        await cases.open_case(world.work(DANA), for_sam)
    assert world.cases.rows == {}
    assert world.outbox.staged == []


async def test_a_case_code_in_use_is_a_conflict() -> None:
    world = harbor()
    service = who(Role.SERVICE, "ops", agency=None)
    named = replace(NEW, practitioner_id="dana", case_code="US-1")
    await cases.open_case(world.work(service), named)
    with pytest.raises(Conflict, match="already in use"):
        await cases.open_case(world.work(service), named)
    assert world.outbox.types() == ["case.opened"]


async def test_another_agencys_case_is_not_found_and_staff_may_not_change_one() -> None:
    world = harbor()
    case = await opened(world)
    with pytest.raises(NotFound):
        await cases.read_case(world.work(who(Role.AGENCY_ADMIN, agency="beacon")), case.id)
    with pytest.raises(NotFound):
        await cases.read_case(world.work(who(Role.PRACTITIONER, "sam")), case.id)
    staff = who(Role.INSTITUTE_STAFF, "ines", agency=None)
    assert (await cases.read_case(world.work(staff), case.id)).children[0]["name"] is None
    with pytest.raises(Forbidden):
        await cases.edit_case(world.work(staff), case.id, 1, CaseEdit(self_rating_start=3))
    assert world.cases.rows[case.id].version == 1


async def test_a_supervisor_reads_an_apprentices_case_only_under_supervision_consent() -> None:
    world = harbor()
    case = await opened(world)
    with pytest.raises(NotFound):
        await cases.read_case(world.work(LEE), case.id)
    viewing = NewConsent(purpose=ConsentPurpose.SUPERVISION_VIEWING, granted_at=NOW)
    await consent.grant_consent(world.work(DANA), case.id, viewing)
    assert (await cases.read_case(world.work(LEE), case.id)).id == case.id
    with pytest.raises(Forbidden):
        await cases.edit_case(world.work(LEE), case.id, 1, CaseEdit(self_rating_start=3))


async def test_consent_is_granted_then_withdrawn_once() -> None:
    world = harbor()
    case = await opened(world)
    earlier = NOW - timedelta(days=3)
    new = NewConsent(purpose=ConsentPurpose.FILMING, granted_at=earlier)
    granted = await consent.grant_consent(world.work(DANA), case.id, new)
    assert granted.withdrawn_at is None
    withdrawal = ConsentWithdrawal(withdrawn_at=NOW - timedelta(days=1))
    withdrawn = await consent.withdraw_consent(world.work(DANA), case.id, granted.id, withdrawal)
    assert withdrawn.withdrawn_at == withdrawal.withdrawn_at
    assert granted.id in world.consents.locked
    with pytest.raises(Conflict, match="already withdrawn"):
        await consent.withdraw_consent(world.work(DANA), case.id, granted.id, withdrawal)
    events = [o.event for o in world.outbox.staged]
    assert [type(e) for e in events[1:]] == [ConsentGranted, ConsentWithdrawn]
    assert await consent.list_consents(world.work(DANA), case.id) == [withdrawn]


async def test_a_consent_is_not_withdrawn_before_it_was_granted_nor_from_another_case() -> None:
    world = harbor()
    case, other = await opened(world), await opened(world)
    new = NewConsent(purpose=ConsentPurpose.FILMING, granted_at=NOW)
    granted = await consent.grant_consent(world.work(DANA), case.id, new)
    too_early = ConsentWithdrawal(withdrawn_at=NOW - timedelta(days=1))
    with pytest.raises(ImpossibleTimeline):
        await consent.withdraw_consent(world.work(DANA), case.id, granted.id, too_early)
    with pytest.raises(NotFound, match="no such consent"):
        await consent.withdraw_consent(world.work(DANA), other.id, granted.id, too_early)
    with pytest.raises(NotFound, match="no such consent"):
        await consent.withdraw_consent(world.work(DANA), case.id, uuid4(), too_early)


async def test_a_question_on_a_case_changed_since_it_was_read_is_outdated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = harbor()
    case = await opened(world)
    work = world.work(DANA, in_transaction=False)
    asked = NewHelpingQuestion(words="why bedtime?", goals=[], recorded_at=NOW)
    original_get = world.cases.get

    async def read_then_changed(case_id: object, *, lock: bool) -> Case | None:
        read = await original_get(case.id, lock=lock)
        await world.cases.revise(case.id, {"self_rating_start": 4})
        return read

    with monkeypatch.context() as patched:
        patched.setattr(world.cases, "get", read_then_changed)
        with pytest.raises(Outdated):
            await questions.record_question(work, case.id, asked)
    assert world.questions.rows == {}
    recorded = await questions.record_question(world.work(DANA), case.id, asked)
    assert (recorded.status, recorded.version) == ("open", 1)
