"""Filming sessions (upload, live footage status) and the micro-analysis player.

What may be seen is the planner's answer for the person; the portal then signs links to the
objects (minutes), and only after the view is in the agency's audit log.
"""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import PlainTextResponse, RedirectResponse

from spin_portal.adapters.planner import Person
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service.audit_log import Viewing
from spin_portal.web import i18n
from spin_portal.web.deps import Portal, PortalDep, ViewerDep
from spin_portal.web.erasure_words import erased_words
from spin_portal.web.i18n import _
from spin_portal.web.routes_workspace_api import vocabulary_url
from spin_portal.web.workspace_calls import PageCall, WorkspaceCall
from spin_portal.web.workspace_deps import (
    PlannerDep,
    case_and_part,
    page_data,
    person,
    viewed_in_case,
)

router = APIRouter(prefix="/workspace/cases/{case_id}", tags=["workspace"])
# A cue's image in the thumbnails track: the sprite's name, then its media fragment.
_CUE_IMAGE = re.compile(r"^(?P<name>[^\s#]+\.(?:jpg|jpeg|png|webp))(?P<fragment>#xywh=[\d,]+)$")


@router.get("/sessions/{session_id}", summary="A filming: upload its footage, see it processed")
async def filming_page(
    case_id: UUID,
    session_id: UUID,
    request: Request,
    portal: PortalDep,
    viewer: ViewerDep,
    planner: PlannerDep,
) -> Response:
    caller = person(request, viewer)
    part, what = f"sessions/{session_id}", f"session {session_id}"
    case, session = await case_and_part(planner, caller, case_id, part, what)
    if session["kind"] != "filming":
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("This session is not a filming."))
    return portal.render(
        request,
        "workspace/session.html",
        title=_(
            "Filming of %(day)s · case %(code)s",
            day=i18n.when_date(session["held_at"]),
            code=case["case_code"],
        ),
        case=case,
        session=session,
        case_id=str(case_id),
        session_id=str(session_id),
    )


async def playable(
    call: WorkspaceCall, case_id: UUID, footage_id: UUID
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case and the footage's media if the person may watch it and it is playable."""
    part, what = f"footage/{footage_id}", f"footage {footage_id} in this case"
    case, footage = await case_and_part(call.planner, call.caller, case_id, part, what)
    if footage.get("status") == "erased":
        raise HTTPException(
            status.HTTP_410_GONE,
            detail=erased_words(footage.get("erased_at"), footage.get("erased_reason")),
        )
    if footage.get("status") != "ready" or not footage.get("media"):
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=_("This footage is not playable yet: it is still being processed, or failed."),
        )
    return case, footage


def may_edit_moments(viewer: Viewer, case: dict[str, Any]) -> bool:
    """The case's own practitioner and agency admins change its moments; a supervisor
    watching an apprentice's case does not (the planner refuses them too)."""
    if viewer.role is PortalRole.AGENCY_ADMIN:
        return True
    return viewer.practitioner_id is not None and viewer.practitioner_id == case["practitioner_id"]


INLINE = "inline"  # played in the page; a browser offers no "save" for it


def sign(portal: Portal, bucket: str, key: str, disposition: str = INLINE) -> str:
    """A link to an object for `footage_link_s` (at most 15 minutes), served inline unless a
    download (attachment) is asked for; callers sign only once the view is audited."""
    return portal.s3.presigned_get_object(
        bucket,
        key,
        expires=timedelta(seconds=portal.settings.footage_link_s),
        response_headers={"response-content-disposition": disposition},
    )


async def downloads_allowed(planner: PlannerDep, caller: Person, case_id: UUID) -> bool:
    """The agency's setting (off unless an agency admin allowed downloads)."""
    policy = page_data(await planner.get(caller, f"/cases/{case_id}/offline-policy"), "policy")
    return bool(policy["downloads_allowed"])


def best_rendition(media: dict[str, Any]) -> dict[str, Any]:
    return max(media["renditions"], key=lambda r: r["height"])


def _player_links(case_id: UUID, footage_id: UUID, downloadable: bool) -> dict[str, Any]:
    """Where the player's scripts read and change the footage's moments, and its extras."""
    base = f"/workspace/cases/{case_id}"
    return {
        "download_url": f"{base}/footage/{footage_id}/download" if downloadable else None,
        "vtt_url": f"{base}/footage/{footage_id}/thumbnails.vtt",
        "moments_url": f"/workspace/api/cases/{case_id}/moments?footage={footage_id}",
        "vocabulary_url": vocabulary_url(),
        "create_url": f"/workspace/api/cases/{case_id}/moments",
        "moment_url_base": f"/workspace/api/cases/{case_id}/moments/",
    }


@router.get("/footage/{footage_id}", summary="Watch footage and tag moments (logged)")
async def player_page(case_id: UUID, footage_id: UUID, call: PageCall) -> Response:
    case, footage = await playable(call, case_id, footage_id)
    portal, caller = call.portal, call.caller
    downloadable = await downloads_allowed(call.planner, caller, case_id)
    questions = page_data(
        await call.planner.get(caller, f"/cases/{case_id}/helping-questions"), "helping questions"
    )
    media = footage["media"]
    await viewed_in_case(portal, call.viewer, Viewing.FOOTAGE, f"footage {footage_id}", case)
    video_url, poster_url = await asyncio.gather(
        asyncio.to_thread(sign, portal, media["bucket"], best_rendition(media)["key"]),
        asyncio.to_thread(sign, portal, media["bucket"], media["poster_key"]),
    )
    response = portal.render(
        call.request,
        "workspace/player.html",
        title=_("Footage of case %(code)s", code=case["case_code"]),
        case={"id": str(case_id), "code": case["case_code"]},
        footage={
            "id": str(footage_id),
            "duration_s": footage.get("duration_s") or 0,
            "frame_rate": media.get("frame_rate") or 25,
        },
        video_url=video_url,
        poster_url=poster_url,
        questions=[{"id": q["id"], "words": q["words"]} for q in questions],
        editable=may_edit_moments(call.viewer, case),
        **_player_links(case_id, footage_id, downloadable),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/footage/{footage_id}/download", summary="Download footage (agency setting, logged)")
async def download(case_id: UUID, footage_id: UUID, call: PageCall) -> Response:
    """The footage's best rendition as a file: only where the agency allows downloads, and
    only once the download is in the audit log."""
    case, footage = await playable(call, case_id, footage_id)
    if not await downloads_allowed(call.planner, call.caller, case_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("This agency does not allow footage to be downloaded: it can be played here."),
        )
    subject = f"footage {footage_id}"
    await viewed_in_case(call.portal, call.viewer, Viewing.FOOTAGE_DOWNLOAD, subject, case)
    media = footage["media"]
    attachment = f'attachment; filename="footage-{footage_id}.mp4"'
    key = best_rendition(media)["key"]
    url = await asyncio.to_thread(sign, call.portal, media["bucket"], key, attachment)
    return RedirectResponse(url, status.HTTP_303_SEE_OTHER)


@router.get("/footage/{footage_id}/thumbnails.vtt", summary="Scrub previews (WebVTT)")
async def thumbnails(case_id: UUID, footage_id: UUID, call: PageCall) -> Response:
    """The thumbnails track with its sprite's name replaced by a signed link to it."""
    _, footage = await playable(call, case_id, footage_id)
    portal, media = call.portal, footage["media"]
    track, sprite_url = await asyncio.gather(
        asyncio.to_thread(_read_small, portal, media["bucket"], media["thumbnails_vtt_key"]),
        asyncio.to_thread(sign, portal, media["bucket"], media["sprite_key"]),
    )
    lines = []
    for line in track.splitlines():
        cue = _CUE_IMAGE.match(line.strip())
        lines.append(f"{sprite_url}{cue.group('fragment')}" if cue else line)
    return PlainTextResponse(
        "\n".join(lines) + "\n",
        media_type="text/vtt",
        headers={"Cache-Control": "private, no-store"},
    )


def _read_small(portal: Portal, bucket: str, key: str) -> str:
    """A thumbnails track (a few kilobytes: one cue per sprite tile)."""
    response = portal.s3.get_object(bucket, key)
    try:
        return bytes(response.read(1 << 20)).decode()
    finally:
        response.close()
        response.release_conn()
