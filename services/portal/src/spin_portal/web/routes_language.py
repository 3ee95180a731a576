"""A person's own language: chosen on their language page, kept with their account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.domain.accounts import PortalRole
from spin_portal.domain.time_zone import zone_choices
from spin_portal.service import preferences
from spin_portal.web.deps import FormViewerDep, PortalDep, ViewerDep
from spin_portal.web.i18n import _, current_language

router = APIRouter()
# Each language by its own name, so a reader finds theirs whatever the page speaks.
AUTONYMS = {"en": "English", "nl": "Nederlands", "he": "עברית"}


def autonym(code: str) -> str:
    return AUTONYMS.get(code, code)


@router.get("/language", summary="Choose the portal's language")
async def language_page(request: Request, portal: PortalDep, viewer: ViewerDep) -> Response:
    return portal.render(
        request,
        "language.html",
        title=_("Language"),
        own=viewer.own_language,
        choices={code: autonym(code) for code in portal.settings.languages},
        institute_zone=viewer.institute_time_zone,
        # Each zone by its place in the page's language; the IANA id is the value sent.
        zones=zone_choices(current_language()) if viewer.role is PortalRole.INSTITUTE_STAFF else (),
    )


@router.post("/language", summary="Keep the person's own language")
async def choose_language(
    portal: PortalDep, viewer: FormViewerDep, language: Annotated[str, Form(max_length=16)] = ""
) -> Response:
    command = preferences.ChooseLanguage(viewer, language or None)
    try:
        await preferences.choose_language(
            command, offered=portal.settings.languages, units=portal.units
        )
    except preferences.LanguageNotOfferedError:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, detail=_("The portal does not offer that language.")
        ) from None
    return RedirectResponse("/language", status.HTTP_303_SEE_OTHER)
