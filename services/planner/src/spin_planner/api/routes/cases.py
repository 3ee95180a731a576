"""Cases and their consents."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from spin_contracts.events.planner import DeliverySetting

from spin_planner.api.deps import Guide, IfMatch, Limit, Offset, PlannerDep, Reader, tagged
from spin_planner.domain.commands import cases as commands
from spin_planner.domain.concurrency import expected_version
from spin_planner.models import Page, page_of
from spin_planner.models.cases import CaseClosure, CaseEdit, CaseView, NewCase
from spin_planner.models.consent import ConsentView, ConsentWithdrawal, NewConsent
from spin_planner.service import cases, consent
from spin_planner.service.ports import CaseFilter

router = APIRouter(tags=["cases"])


@router.post("/cases", status_code=status.HTTP_201_CREATED, summary="Open a case")
async def open_case(
    new: NewCase, principal: Guide, planner: PlannerDep, response: Response
) -> CaseView:
    async with planner.work(principal) as work:
        case = await cases.open_case(work, new.command(commands.NewCase))
    return tagged(response, CaseView, case)


@router.get("/cases", summary="Cases the caller may see, newest first")
async def list_cases(
    principal: Reader,
    planner: PlannerDep,
    status_: Annotated[Literal["open", "closed"] | None, Query(alias="status")] = None,
    practitioner_id: str | None = None,
    site_id: str | None = None,
    delivery_setting: DeliverySetting | None = None,
    opened_from: date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CaseView]:
    async with planner.read(principal) as work:
        where = CaseFilter(
            status=status_,
            practitioner_id=practitioner_id,
            site_id=site_id,
            delivery_setting=delivery_setting and delivery_setting.value,
            opened_from=opened_from,
        )
        items, total = await cases.list_cases(work, where, limit=limit, offset=offset)
    return page_of(CaseView, items, total, limit, offset)


@router.get("/cases/{case_id}", summary="One case (institute staff: without names)")
async def read_case(
    case_id: UUID, principal: Reader, planner: PlannerDep, response: Response
) -> CaseView:
    async with planner.read(principal) as work:
        case = await cases.read_case(work, case_id)
    return tagged(response, CaseView, case)


@router.patch("/cases/{case_id}", summary="Change a case (needs If-Match)")
async def edit_case(
    case_id: UUID,
    edit: CaseEdit,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
    if_match: IfMatch = None,
) -> CaseView:
    version = expected_version(if_match)
    async with planner.work(principal) as work:
        case = await cases.edit_case(work, case_id, version, edit.command(commands.CaseEdit))
    return tagged(response, CaseView, case)


@router.post("/cases/{case_id}/close", summary="Close a case with a reason (needs If-Match)")
async def close_case(
    case_id: UUID,
    closure: CaseClosure,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
    if_match: IfMatch = None,
) -> CaseView:
    version = expected_version(if_match)
    async with planner.work(principal) as work:
        case = await cases.close_case(work, case_id, version, closure.command(commands.CaseClosure))
    return tagged(response, CaseView, case)


@router.post(
    "/cases/{case_id}/consents",
    status_code=status.HTTP_201_CREATED,
    summary="Record a consent for one purpose",
    tags=["consent"],
)
async def grant_consent(
    case_id: UUID, new: NewConsent, principal: Guide, planner: PlannerDep
) -> ConsentView:
    async with planner.work(principal) as work:
        return ConsentView.model_validate(
            await consent.grant_consent(work, case_id, new.command(commands.NewConsent))
        )


@router.get("/cases/{case_id}/consents", summary="Consents of a case", tags=["consent"])
async def list_consents(case_id: UUID, principal: Guide, planner: PlannerDep) -> list[ConsentView]:
    async with planner.read(principal) as work:
        return [ConsentView.model_validate(r) for r in await consent.list_consents(work, case_id)]


@router.post(
    "/cases/{case_id}/consents/{consent_id}/withdraw",
    summary="Withdraw a consent (stops processing of footage for that purpose)",
    tags=["consent"],
)
async def withdraw_consent(
    case_id: UUID,
    consent_id: UUID,
    withdrawal: ConsentWithdrawal,
    principal: Guide,
    planner: PlannerDep,
) -> ConsentView:
    async with planner.work(principal) as work:
        return ConsentView.model_validate(
            await consent.withdraw_consent(
                work, case_id, consent_id, withdrawal.command(commands.ConsentWithdrawal)
            )
        )
