"""A feedback plan as the plan builder and the shared review show it: its moments in order,
each with its question for the parent and its clip, and the reels; links signed only after
the view is in the agency's audit log."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from spin_portal.adapters.planner import Person, Planner
from spin_portal.domain.accounts import Viewer
from spin_portal.service.audit_log import Viewing
from spin_portal.web.deps import Portal
from spin_portal.web.failure_words import failure_words
from spin_portal.web.i18n import N_, gettext
from spin_portal.web.routes_workspace_footage import sign
from spin_portal.web.workspace_deps import page_data, viewed_in_case


async def plan_parts(
    planner: Planner, caller: Person, case_id: UUID, plan_id: UUID
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The case, the plan, the case's moments and footage by id (404 outside the person's)."""
    base = f"/cases/{case_id}"
    case, plan, moments, footage = await asyncio.gather(
        planner.get(caller, base),
        planner.get(caller, f"{base}/feedback-plans/{plan_id}"),
        planner.get(caller, f"{base}/moments", limit=200),
        planner.get(caller, f"{base}/footage"),
    )
    what = f"feedback plan {plan_id}"
    return (
        page_data(case, f"case {case_id}"),
        page_data(plan, what),
        {m["id"]: m for m in page_data(moments, what)["items"]},
        {f["id"]: f for f in page_data(footage, what)},
    )


TRAINING_ERASED = N_(
    "it was marked for training, and clips marked for training are erased when the training "
    "consent is withdrawn or after five years"
)
FOOTAGE_ERASED = N_("its footage was erased")


def _keys_by_moment(request: dict[str, Any]) -> dict[str, str]:
    """The request's clip keys by moment: by name (`.../<moment>.mp4`, as transcode keys them,
    so a clip erased alone leaves the others in place), else by position."""
    keys: list[str] = request["clip_keys"]
    by_name = {key.rsplit("/", 1)[-1].removesuffix(".mp4"): key for key in keys}
    if any(moment_id in by_name for moment_id in request["moment_ids"]):
        return {m: by_name[m] for m in request["moment_ids"] if m in by_name}
    return dict(zip(request["moment_ids"], keys, strict=False))


def _word(
    request: dict[str, Any] | None, key: str | None, moment_id: str
) -> tuple[str, str | None]:
    """The clip's status and reason: a rendered request without this clip's key lost it; a
    clip of a running request is "cut" once the transcoder says it got past it."""
    if request is None:
        return "not_requested", None
    if request["status"] == "erased":
        return "erased", gettext(FOOTAGE_ERASED)
    if request["status"] == "rendered" and key is None:
        return "erased", gettext(TRAINING_ERASED)
    if request["status"] == "requested":
        position = request["moment_ids"].index(moment_id)
        return ("cut" if position < request.get("clips_done", 0) else "requested"), None
    return request["status"], failure_words(request.get("failure"), request["failure_reason"])


def clips_of(plan: dict[str, Any], moments: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's moments in showing order, with the latest clip request's word on each."""
    made: dict[str, tuple[dict[str, Any], str | None]] = {}
    for request in plan["clip_requests"]:  # oldest first: a later request replaces
        keys = _keys_by_moment(request) if request["status"] == "rendered" else {}
        for moment_id in request["moment_ids"]:
            made[moment_id] = (request, keys.get(moment_id))
    questions = plan["questions"]
    clips = []
    for index, moment_id in enumerate(plan["moment_ids"]):
        moment = moments.get(moment_id, {})
        request, key = made.get(moment_id, (None, None))
        status, reason = _word(request, key, moment_id)
        clips.append(
            {
                "moment_id": moment_id,
                "footage_id": moment.get("footage_id"),
                "start_s": moment.get("start_s"),
                "end_s": moment.get("end_s"),
                "kind": moment.get("kind"),
                "question": questions[index] if index < len(questions) else "",
                "status": status,
                "failure_reason": reason,
                "key": key,
            }
        )
    return clips


def latest_reels(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The newest rendered reel of each footage, in the plan's order of footage."""
    newest: dict[str, dict[str, Any]] = {}
    for request in plan["clip_requests"]:
        if request["reel"] and request["status"] == "rendered" and request["reel_key"]:
            newest[request["footage_id"]] = request
    return list(newest.values())


async def signed_links(
    portal: Portal,
    viewer: Viewer,
    case: dict[str, Any],
    footage: dict[str, Any],
    clips: list[dict[str, Any]],
    reels: list[dict[str, Any]],
    viewing: Viewing,
) -> None:
    """Add `url` to each rendered clip and reel, after logging the view (`viewing`)."""
    pieces = [
        (item, item["footage_id"], item.get("key") or item.get("reel_key"))
        for item in [*clips, *reels]
    ]
    pieces = [p for p in pieces if p[2] and (footage.get(p[1]) or {}).get("media")]
    if not pieces:
        return
    await viewed_in_case(portal, viewer, viewing, f"feedback plan clips ({len(pieces)})", case)
    urls = await asyncio.gather(
        *(
            asyncio.to_thread(sign, portal, footage[f]["media"]["bucket"], str(key))
            for _, f, key in pieces
        )
    )
    for (item, _, _), url in zip(pieces, urls, strict=True):
        item["url"] = url
