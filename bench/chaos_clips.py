"""Clip renders in the chaos run: the review cycle's "make clips" through the planner's API.

Per review: a case with filming consent and a filming session (planner), the footage uploaded
over tus (ingest) and transcoded, a strength moment on it, a feedback plan, and its clips and
reel requested; then the planner is asked until the request is rendered (or failed). Every call
is retried after a connection error or a 5xx (counted), as a screen's client would.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from spin_contracts.digest import file_sha256
from spin_contracts.events import Tenant
from spincore.auth import TokenIssuer

from bench.chaos_work import (
    RETRY_DEADLINE_S,
    Tally,
    Upload,
    camera_file,
    tus_upload,
    why_retried,
)

READY_DEADLINE_S = 300.0
RENDER_DEADLINE_S = 420.0
Json = dict[str, Any]


@dataclass
class Review:
    """One review's clip request, as far as it got."""

    practitioner: str
    upload: Upload | None = None
    case_id: str | None = None
    request_id: str | None = None
    status: str = "not requested"


class _RetryError(Exception):
    pass


async def call(
    client: httpx.AsyncClient, tally: Tally, method: str, url: str, want: int, body: Json | None
) -> Json:
    """One API call, retried after a connection error, a 429 or a 5xx until its deadline."""
    deadline = time.monotonic() + RETRY_DEADLINE_S
    while True:
        why: BaseException | int
        try:
            answer = await client.request(method, url, json=body)
            if answer.status_code == want:
                result: Json = answer.json()
                return result
            if answer.status_code < 500 and answer.status_code != 429:
                raise RuntimeError(f"{method} {url}: {answer.status_code} {answer.text[:200]}")
            why = answer.status_code
        except httpx.HTTPError as error:
            why = error
        tally.retried("clips", why_retried(why))
        if time.monotonic() > deadline:
            raise _RetryError(f"{method} {url} unanswered within {RETRY_DEADLINE_S:.0f} s")
        await asyncio.sleep(0.5)


async def until(what: str, probe: Any, deadline_s: float) -> Json:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        found = await probe()
        if found is not None:
            return found  # type: ignore[no-any-return]
        await asyncio.sleep(1.0)
    raise _RetryError(f"{what}: not within {deadline_s:.0f} s")


async def run_review(
    planner: str,
    ingest: str,
    issuer: TokenIssuer,
    tenant: Tenant,
    site: str,
    headers: dict[str, str],
    review: Review,
    folder: Path,
    rng: random.Random,
    tally: Tally,
) -> None:
    """The whole cycle for one review; its `status` says how far it got."""
    try:
        now = datetime.now(UTC)
        async with httpx.AsyncClient(base_url=planner, headers=headers, timeout=20) as client:
            case = await call(client, tally, "POST", "/cases", 201, _case(now))
            review.case_id = case["id"]
            cases = f"/cases/{case['id']}"
            consent = {"purpose": "filming", "granted_at": (now - timedelta(minutes=9)).isoformat()}
            await call(client, tally, "POST", f"{cases}/consents", 201, consent)
            filming = await call(
                client, tally, "POST", f"{cases}/sessions/filming", 201, _film(now)
            )
            path = camera_file(folder / f"review-{case['id']}.mp4", rng.uniform(6, 8), "testsrc2")
            review.upload = Upload(case["case_code"], site, path, file_sha256(path))
            review.upload.session_ref = filming["filming_session_ref"]
            review.status = "uploading"
            await tus_upload(ingest, issuer, tenant, review.upload, tally)
            review.status = "transcoding"
            ready = partial(_ready, client, tally, cases)
            footage = await until("footage ready", ready, READY_DEADLINE_S)
            review.status = "marking"
            level = (await call(client, tally, "GET", "/vocabulary", 200, None))["levels"][0]
            principles = [level["tag"], level["elements"][0]["tag"]]
            body = _moment(footage, principles)
            moment = await call(client, tally, "POST", f"{cases}/moments", 201, body)
            plan_body = {
                "moment_ids": [moment["id"]],
                "principles_in_focus": principles,
                "questions": ["What do you see yourself doing here?"],
            }
            plan = await call(client, tally, "POST", f"{cases}/feedback-plans", 201, plan_body)
            plans = f"{cases}/feedback-plans/{plan['id']}"
            order = {"reel": True, "reel_title": "Chaos"}
            asked = await call(client, tally, "POST", f"{plans}/clip-requests", 202, order)
            review.request_id = asked["clip_requests"][0]["id"]
            review.status = "requested"
            rendered = partial(_rendered, client, tally, plans)
            done = await until("clips rendered", rendered, RENDER_DEADLINE_S)
            review.status = done["status"]
    except (_RetryError, RuntimeError) as error:
        review.status = f"{review.status} ({type(error).__name__})"


async def _ready(client: httpx.AsyncClient, tally: Tally, cases: str) -> Json | None:
    footage: list[Json] = await call(client, tally, "GET", f"{cases}/footage", 200, None)  # type: ignore[assignment]
    if any(f["status"] == "failed" for f in footage):
        raise RuntimeError("the review's footage failed to transcode")
    return next((f for f in footage if f["status"] == "ready"), None)


async def _rendered(client: httpx.AsyncClient, tally: Tally, plans: str) -> Json | None:
    requests = (await call(client, tally, "GET", plans, 200, None))["clip_requests"]
    final = [r for r in requests if r["status"] in ("rendered", "failed")]
    return final[0] if final else None


def _case(now: datetime) -> Json:
    return {
        "delivery_setting": "birth_family_home",
        "caregivers": [{"relation": "mother"}],
        "children": [{"age": 3}],
        "opened_on": (now - timedelta(days=30)).date().isoformat(),
    }


def _film(now: datetime) -> Json:
    return {
        "held_at": (now - timedelta(minutes=5)).isoformat(),
        "duration_minutes": 45,
        "children_present": True,
        "filming_session_ref": f"fs-{now.timestamp():.0f}-{random.random():.6f}",
    }


def _moment(footage: Json, principles: list[str]) -> Json:
    return {
        "footage_id": footage["id"],
        "start_s": 1.0,
        "end_s": 4.0,
        "principles": principles,
        "kind": "strength",
    }
