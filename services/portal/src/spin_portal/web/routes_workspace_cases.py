"""The practitioner's workspace: my cases, a case page and its forms, over the planner."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import RedirectResponse
from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.planner import DeliverySetting
from starlette.datastructures import FormData

from spin_portal.adapters.planner import Answer, Person
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.next_steps import CaseProgress, step_message
from spin_portal.queries.workspace import progress_of
from spin_portal.service.audit_log import Viewing
from spin_portal.web import workspace_forms
from spin_portal.web.deps import FormViewerDep, PortalDep, ViewerDep
from spin_portal.web.i18n import N_, _
from spin_portal.web.workspace_deps import (
    PlannerDep,
    field_errors,
    page_data,
    person,
    viewed_in_case,
)
from spin_portal.web.workspace_forms import FormFieldError

router = APIRouter(prefix="/workspace", tags=["workspace"])
CLOSE_REASONS = ("goals_reached", "family_withdrew", "moved_away", "referred_on", "other")
Build = Callable[[FormData], dict[str, Any]]


@router.get("", summary="My cases, what needs doing first")
async def my_cases(
    request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    return await _cases_page(request, portal, viewer, planner)


# An apprentice's case on their supervisor's list: its next step would tell whether the
# apprentice tagged their footage yet, which blind coding keeps from the supervisor.
APPRENTICE_STEP = (N_("Your apprentice's case: coach it from My apprentices"), 8)


def _step(viewer: Viewer, case: dict[str, Any], progress: CaseProgress) -> tuple[str, int]:
    if viewer.role is PortalRole.SUPERVISOR and case["practitioner_id"] != viewer.practitioner_id:
        return _(APPRENTICE_STEP[0]), APPRENTICE_STEP[1]
    message, urgency = step_message(progress)
    return _(message, untagged=progress.footage_ready_untagged), urgency


async def _cases_page(
    request: Request,
    portal: PortalDep,
    viewer: Viewer,
    planner: PlannerDep,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    listing = page_data(await planner.get(person(request, viewer), "/cases", limit=200), "cases")
    cases = listing["items"]
    closed = {c["case_code"] for c in cases if c["status"] == "closed"}
    async with portal.engine.connect() as conn:
        progress = await progress_of(conn, [c["case_code"] for c in cases], closed)
    rows = sorted(
        ({**c, "step": _step(viewer, c, progress[c["case_code"]])} for c in cases),
        key=lambda c: (c["step"][1], c["case_code"]),
    )
    return portal.render(
        request,
        "workspace/cases.html",
        status.HTTP_422_UNPROCESSABLE_ENTITY if errors else status.HTTP_200_OK,
        title=_("My cases"),
        cases=rows,
        total=listing["total"],
        settings=list(DeliverySetting),
        errors=errors or {},
        values=values or {},
    )


@router.post("/cases", summary="Open a case")
async def open_case(
    request: Request, portal: PortalDep, viewer: FormViewerDep, planner: PlannerDep
) -> Response:
    form = await request.form()
    try:
        answer = await planner.call(
            person(request, viewer), "POST", "/cases", json=workspace_forms.new_case(form)
        )
    except FormFieldError as problem:
        return await _cases_page(request, portal, viewer, planner, problem.errors, typed(form))
    if not answer.ok:
        return await _cases_page(
            request, portal, viewer, planner, field_errors(answer.body), typed(form)
        )
    return RedirectResponse(f"/workspace/cases/{answer.body['id']}", status.HTTP_303_SEE_OTHER)


def typed(form: FormData) -> dict[str, str]:
    return workspace_forms.typed(form)


async def case_facts(planner: PlannerDep, caller: Person, case_id: UUID) -> dict[str, Any]:
    """A case and what the case page shows of it, read in parallel."""
    base = f"/cases/{case_id}"
    case, consents, questions, sessions = await asyncio.gather(
        planner.get(caller, base),
        planner.get(caller, f"{base}/consents"),
        planner.get(caller, f"{base}/helping-questions"),
        planner.get(caller, f"{base}/sessions", limit=200),
    )
    facts = {"case": page_data(case, f"case {case_id}"), "etag": case.etag}
    facts["consents"] = page_data(consents, "consents")
    facts["questions"] = page_data(questions, "helping questions")
    facts["sessions"] = page_data(sessions, "sessions")["items"]
    return facts


@router.get("/cases/{case_id}", summary="A case: consent, helping questions, sessions")
async def case_page(
    case_id: UUID, request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    return await _case_page(request, portal, viewer, planner, case_id)


async def _case_page(
    request: Request,
    portal: PortalDep,
    viewer: Viewer,
    planner: PlannerDep,
    case_id: UUID,
    refused: tuple[str, dict[str, str], dict[str, str]] | None = None,
) -> Response:
    facts = await case_facts(planner, person(request, viewer), case_id)
    case = facts["case"]
    subject = f"workspace case {case['case_code']}"
    await viewed_in_case(portal, viewer, Viewing.CASE, subject, case)
    form_name, errors, values = refused or ("", {}, {})
    return portal.render(
        request,
        "workspace/case.html",
        status.HTTP_422_UNPROCESSABLE_ENTITY if refused else status.HTTP_200_OK,
        title=_("Case %(code)s", code=case["case_code"]),
        **facts,
        purposes=list(ConsentPurpose),
        close_reasons=CLOSE_REASONS,
        form_name=form_name,
        errors=errors,
        values=values,
    )


async def _submit(
    request: Request,
    portal: PortalDep,
    viewer: Viewer,
    planner: PlannerDep,
    case_id: UUID,
    form_name: str,
    path: str,
    build: Build,
) -> Response:
    """Send one case form to the planner; on refusal show the case page again with the
    planner's messages next to the fields and what the person typed."""
    form = await request.form()
    try:
        body = build(form)
    except FormFieldError as problem:
        refusal = (form_name, problem.errors, typed(form))
        return await _case_page(request, portal, viewer, planner, case_id, refusal)
    if_match = str(form.get("version_etag", "")) or None
    answer = await planner.call(person(request, viewer), "POST", path, json=body, if_match=if_match)
    if not answer.ok:
        return await _refused(request, portal, viewer, planner, case_id, form_name, answer, form)
    return RedirectResponse(f"/workspace/cases/{case_id}#{form_name}", status.HTTP_303_SEE_OTHER)


async def _refused(
    request: Request,
    portal: PortalDep,
    viewer: Viewer,
    planner: PlannerDep,
    case_id: UUID,
    form_name: str,
    answer: Answer,
    form: FormData,
) -> Response:
    errors = field_errors(answer.body)
    if answer.status == status.HTTP_412_PRECONDITION_FAILED:
        errors = {
            "": _(
                "Someone changed this case while you were editing: the page now shows "
                "the newer version. Check it and send your change again."
            )
        }
    elif answer.status == status.HTTP_404_NOT_FOUND:
        page_data(answer, f"case {case_id}")
    return await _case_page(
        request, portal, viewer, planner, case_id, (form_name, errors, typed(form))
    )


def _form_route(form_name: str, suffix: str, build: Build, summary: str) -> None:
    async def submit(
        case_id: UUID,
        request: Request,
        portal: PortalDep,
        viewer: FormViewerDep,
        planner: PlannerDep,
    ) -> Response:
        path = f"/cases/{case_id}{suffix}"
        return await _submit(request, portal, viewer, planner, case_id, form_name, path, build)

    router.add_api_route(
        f"/cases/{{case_id}}/{form_name}", submit, methods=["POST"], summary=summary
    )


_form_route("consents", "/consents", workspace_forms.consent, "Record a consent")
_form_route("questions", "/helping-questions", workspace_forms.question, "Helping question")
_form_route("filming", "/sessions/filming", workspace_forms.filming, "Record a filming")
_form_route("close", "/close", workspace_forms.closure, "Close the case")


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw", summary="Withdraw a consent")
async def withdraw_consent(
    case_id: UUID,
    consent_id: UUID,
    request: Request,
    portal: PortalDep,
    viewer: FormViewerDep,
    planner: PlannerDep,
) -> Response:
    path = f"/cases/{case_id}/consents/{consent_id}/withdraw"
    build = workspace_forms.withdrawal
    return await _submit(request, portal, viewer, planner, case_id, "consents", path, build)
