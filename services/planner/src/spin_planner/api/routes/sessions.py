"""Sessions with the family, footage status, and supervision of practitioners."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status
from spin_contracts.events.planner import SessionKind

from spin_planner.api.deps import Guide, Limit, Offset, PlannerDep, SupervisionRecorder
from spin_planner.domain.commands import sessions as commands
from spin_planner.models import Page, page_of
from spin_planner.models.footage import FootageView
from spin_planner.models.sessions import (
    NewCoaching,
    NewFilming,
    NewSharedReview,
    NewSupervision,
    SessionView,
    SupervisionView,
)
from spin_planner.service import footage, sessions, supervision

router = APIRouter(tags=["sessions"])
CREATED = status.HTTP_201_CREATED


@router.post(
    "/cases/{case_id}/sessions/filming", summary="Record a filming session", status_code=CREATED
)
async def record_filming(
    case_id: UUID, new: NewFilming, principal: Guide, planner: PlannerDep
) -> SessionView:
    command = new.command(commands.NewFilming)
    recorded = await planner.append(
        principal, lambda work: sessions.record_filming(work, case_id, command)
    )
    return SessionView.model_validate(recorded)


@router.post(
    "/cases/{case_id}/sessions/shared-review",
    summary="Record a shared review (marks its feedback plan as shown)",
    status_code=CREATED,
)
async def record_shared_review(
    case_id: UUID, new: NewSharedReview, principal: Guide, planner: PlannerDep
) -> SessionView:
    async with planner.work(principal) as work:
        return SessionView.model_validate(
            await sessions.record_shared_review(
                work, case_id, new.command(commands.NewSharedReview)
            )
        )


@router.post(
    "/cases/{case_id}/sessions/adolescent-coaching",
    summary="Record separate coaching of an adolescent",
    status_code=CREATED,
)
async def record_coaching(
    case_id: UUID, new: NewCoaching, principal: Guide, planner: PlannerDep
) -> SessionView:
    command = new.command(commands.NewCoaching)
    recorded = await planner.append(
        principal, lambda work: sessions.record_coaching(work, case_id, command)
    )
    return SessionView.model_validate(recorded)


@router.get("/cases/{case_id}/sessions", summary="Sessions of a case, oldest first")
async def list_sessions(
    case_id: UUID,
    principal: Guide,
    planner: PlannerDep,
    kind: SessionKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SessionView]:
    async with planner.read(principal) as work:
        items, total = await sessions.list_sessions(work, case_id, kind, limit, offset)
    return page_of(SessionView, items, total, limit, offset)


@router.get("/cases/{case_id}/sessions/{session_id}", summary="One session, with its footage")
async def read_session(
    case_id: UUID, session_id: UUID, principal: Guide, planner: PlannerDep
) -> SessionView:
    async with planner.read(principal) as work:
        return SessionView.model_validate(await sessions.read_session(work, case_id, session_id))


@router.get(
    "/cases/{case_id}/footage",
    summary="Footage of a case and its processing status",
    tags=["footage"],
)
async def list_footage(case_id: UUID, principal: Guide, planner: PlannerDep) -> list[FootageView]:
    async with planner.read(principal) as work:
        return [FootageView.model_validate(f) for f in await footage.list_footage(work, case_id)]


@router.get(
    "/cases/{case_id}/footage/{footage_id}",
    summary="One footage: its status and, once transcoded, the object keys of its media",
    tags=["footage"],
)
async def read_footage(
    case_id: UUID, footage_id: UUID, principal: Guide, planner: PlannerDep
) -> FootageView:
    async with planner.read(principal) as work:
        return FootageView.model_validate(await footage.read_footage(work, case_id, footage_id))


@router.post(
    "/supervisions",
    summary="Record supervision of a practitioner",
    tags=["supervision"],
    status_code=CREATED,
)
async def record_supervision(
    new: NewSupervision, principal: SupervisionRecorder, planner: PlannerDep
) -> SupervisionView:
    async with planner.work(principal) as work:
        return SupervisionView.model_validate(
            await supervision.record_supervision(work, new.command(commands.NewSupervision))
        )


@router.get(
    "/supervisions", summary="Supervision sessions the caller may see", tags=["supervision"]
)
async def list_supervisions(
    principal: Guide,
    planner: PlannerDep,
    practitioner_id: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SupervisionView]:
    async with planner.read(principal) as work:
        items, total = await supervision.list_supervisions(work, practitioner_id, limit, offset)
    return page_of(SupervisionView, items, total, limit, offset)
