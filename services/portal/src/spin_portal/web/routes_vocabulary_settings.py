"""The institute's vocabulary, for its staff: which vocabulary its people tag moments with, and
its names for tags per language. The planner keeps both (moments keep their canonical tag ids);
this page shows them and sends the staff's changes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.web.deps import FormViewerDep, PortalDep, ViewerDep
from spin_portal.web.i18n import N_, _
from spin_portal.web.routes_language import autonym
from spin_portal.web.workspace_deps import PlannerDep, changed, page_data, person

router = APIRouter()
PAGE = "/institute/vocabulary"
VOCABULARY_TITLES = {
    "attuned_interaction_2011": N_("Principles of attuned interaction and guidance (2011)"),
    "vht_basic_communication_1994": N_("VHT basic communication (1994 evaluation)"),
}


def _staff_only(viewer: Viewer) -> None:
    if viewer.role is not PortalRole.INSTITUTE_STAFF:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only the institute's staff may change its vocabulary."),
        )


def nameable_tags(vocabulary: dict[str, Any]) -> list[tuple[str, str]]:
    """Every tag a name may be given to, as (key, its current English name)."""
    tags: list[tuple[str, str]] = []
    for level in vocabulary["levels"]:
        tags.append((level["tag"], level["name"]))
        tags.extend((element["tag"], element["name"]) for element in level["elements"])
    tags.extend((alias["tag"], alias["name"]) for alias in vocabulary["aliases"])
    return tags


@router.get(PAGE, summary="The institute's vocabulary and its names for tags")
async def vocabulary_page(
    request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    _staff_only(viewer)
    caller = person(request, viewer)
    settings = page_data(
        await planner.get(caller, f"/institutes/{viewer.institute_id}/vocabulary"), "vocabulary"
    )
    tags = page_data(await planner.get(caller, "/vocabulary", language="en"), "vocabulary")
    return portal.render(
        request,
        "vocabulary_settings.html",
        title=_("Vocabulary"),
        settings=settings,
        titles={key: _(VOCABULARY_TITLES.get(key, key)) for key in settings["vocabularies"]},
        tags=nameable_tags(tags),
        languages={code: autonym(code) for code in portal.settings.languages},
    )


@router.post(PAGE, summary="Choose the vocabulary the institute's people tag with")
async def choose_vocabulary(
    request: Request,
    viewer: FormViewerDep,
    planner: PlannerDep,
    vocabulary: Annotated[str, Form(max_length=64)],
) -> Response:
    _staff_only(viewer)
    path = f"/institutes/{viewer.institute_id}/vocabulary"
    body = {"vocabulary": vocabulary}
    await changed(planner, person(request, viewer), "PUT", path, "vocabulary", json=body)
    return RedirectResponse(PAGE, status.HTTP_303_SEE_OTHER)


@router.post("/institute/tag-names", summary="Name a tag in a language")
async def name_tag(
    request: Request,
    viewer: FormViewerDep,
    planner: PlannerDep,
    tag: Annotated[str, Form(max_length=160)],
    language: Annotated[str, Form(max_length=16)],
    name: Annotated[str, Form(max_length=240)] = "",
) -> Response:
    _staff_only(viewer)
    path = f"/institutes/{viewer.institute_id}/tag-names/{language}/{tag}"
    await changed(planner, person(request, viewer), "PUT", path, "vocabulary", json={"name": name})
    return RedirectResponse(PAGE, status.HTTP_303_SEE_OTHER)
