"""Granting and withdrawing consent per purpose (ingest acts on the events)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from uuid import UUID, uuid4

from spin_contracts.events.consent import ConsentWithdrawn
from spincore.i18n import N_

from spin_planner.domain import timeline
from spin_planner.domain.commands.cases import ConsentWithdrawal, NewConsent
from spin_planner.domain.cycle_events import consent_granted
from spin_planner.domain.errors import Conflict, ImpossibleTimeline
from spin_planner.domain.records import Consent
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for, part_of_case, tenant_of
from spin_planner.service.work import Work


async def grant_consent(work: Work, case_id: UUID, new: NewConsent) -> Consent:
    case = await case_for(work, case_id, Access.WRITE)
    timeline.case_is_open(case.closed_on, action="record consent")
    timeline.not_in_future(new.granted_at, work.now, what="the consent", field="granted_at")
    consent_id = uuid4()
    event = consent_granted(consent_id, case.case_code, new)
    fields = {"id": consent_id, "case_id": case_id, **asdict(new)}
    return await work.consents.grant(fields, work.outgoing(event, tenant_of(case)))


async def withdraw_consent(
    work: Work, case_id: UUID, consent_id: UUID, withdrawal: ConsentWithdrawal
) -> Consent:
    case = await case_for(work, case_id, Access.WRITE)
    missing = N_("no such consent for this case")
    consent = await part_of_case(work.consents.get(case_id, consent_id, lock=True), missing)
    if consent.withdrawn_at is not None:
        raise Conflict(
            "this consent was already withdrawn on %(at)s", at=consent.withdrawn_at.isoformat()
        )
    timeline.not_in_future(
        withdrawal.withdrawn_at, work.now, what="the withdrawal", field="withdrawn_at"
    )
    if withdrawal.withdrawn_at < consent.granted_at:
        raise ImpossibleTimeline(
            "a consent cannot be withdrawn before it was granted", field="withdrawn_at"
        )
    withdrawn = await work.consents.withdraw(consent_id, withdrawal.withdrawn_at)
    event = ConsentWithdrawn(
        consent_id=consent_id,
        case_code=case.case_code,
        purpose=consent.purpose,
        withdrawn_at=withdrawal.withdrawn_at,
    )
    await work.emit(event, tenant_of(case))
    return withdrawn


async def list_consents(work: Work, case_id: UUID) -> Sequence[Consent]:
    await case_for(work, case_id, Access.READ)
    return await work.consents.of_case(case_id)
