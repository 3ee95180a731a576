"""Steps of the VIG cycle through the API, shared by the planner's integration tests."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
from spin_contracts.events import Envelope, Event, Tenant
from spin_contracts.events.footage import (
    FootageTranscoded,
    FootageUploaded,
    MediaMetadata,
    Rendition,
)
from spincore.kafka import make_producer, publish

from tests.integration.planner.conftest import AGENCY, INSTITUTE
from tests.support.isolation import Isolation

NOW = datetime.now(UTC)


def ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


async def open_case(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    """A case the caller opens; the planner gives its code."""
    response = await client.post(
        "/cases",
        json={
            "delivery_setting": "foster_kinship",
            "caregivers": [{"relation": "foster mother", "name": "Ann"}],
            "children": [{"age": 4}, {"age": 13, "name": "Jo"}],
            "opened_on": (NOW - timedelta(days=30)).date().isoformat(),
            "self_rating_start": 4,
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    case: dict[str, Any] = response.json()
    return case


async def post(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code in {201, 202}, response.text
    created: dict[str, Any] = response.json()
    return created


async def film(
    client: httpx.AsyncClient, case_id: str, headers: dict[str, str], days_ago: float = 10
) -> dict[str, Any]:
    return await post(
        client,
        f"/cases/{case_id}/sessions/filming",
        {"held_at": ago(days=days_ago), "duration_minutes": 45, "children_present": True},
        headers,
    )


def upload_of(footage_id: UUID, case_code: str, filming_ref: str) -> FootageUploaded:
    return FootageUploaded(
        footage_id=footage_id,
        case_code=case_code,
        filming_session_id=filming_ref,
        filmed_at=NOW - timedelta(days=10),
        uploaded_at=NOW - timedelta(days=9),
        bucket="b",
        object_key=f"raw/{footage_id}",
        size_bytes=10,
        sha256="0" * 64,
        container="mp4",
    )


def transcoded_of(footage_id: UUID, case_code: str, duration_s: float) -> FootageTranscoded:
    return FootageTranscoded(
        footage_id=footage_id,
        case_code=case_code,
        bucket="b",
        renditions=[Rendition(name="720p", key="k", width=1280, height=720, size_bytes=5)],
        poster_key="p",
        sprite_key="s",
        thumbnails_vtt_key="v",
        metadata=MediaMetadata(
            duration_s=duration_s,
            frame_rate=25,
            width=1280,
            height=720,
            video_codec="h264",
            has_audio=True,
        ),
    )


async def announce(isolated: Isolation, *events: Event) -> None:
    """Publish `events` as ingest and transcode would, in this order."""
    tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY, site_id="boston-north")
    producer = make_producer(isolated.endpoints.kafka, "test-transcode")
    await producer.start()
    try:
        for event in events:
            envelope = Envelope.wrap(event, producer="test", tenant=tenant)
            await publish(producer, envelope, event, isolated.topic_prefix)
    finally:
        await producer.stop()


async def footage_arrives(
    isolated: Isolation, case_code: str, filming_ref: str, duration_s: float = 600.0
) -> UUID:
    """Ingest and transcode announce a footage of the filming session (as they would)."""
    footage_id = uuid4()
    await announce(
        isolated,
        upload_of(footage_id, case_code, filming_ref),
        transcoded_of(footage_id, case_code, duration_s),
    )
    return footage_id


async def until(
    client: httpx.AsyncClient,
    path: str,
    headers: dict[str, str],
    done: Any,
    timeout_s: float = 60,
) -> Any:
    """Poll `path` until `done(json)` holds; return that json."""
    deadline = time.monotonic() + timeout_s
    while True:
        body = (await client.get(path, headers=headers)).json()
        if done(body):
            return body
        assert time.monotonic() < deadline, f"{path} never got there: {body}"
        await asyncio.sleep(0.3)


async def ordered_plan(
    planner: httpx.AsyncClient, headers: dict[str, str], isolated: Isolation, case: dict[str, Any]
) -> tuple[UUID, str, list[str], dict[str, Any]]:
    """A plan of two moments on transcoded footage whose clips were asked for: the footage, the
    plan's path, the moment ids and the clip request."""
    case_id, code = case["id"], case["case_code"]
    consents = f"/cases/{case_id}/consents"
    await post(planner, consents, {"purpose": "filming", "granted_at": ago(days=20)}, headers)
    filming = await film(planner, case_id, headers)
    footage_id = await footage_arrives(isolated, code, filming["filming_session_ref"], 600)
    await until(
        planner,
        f"/cases/{case_id}/sessions/{filming['id']}",
        headers,
        lambda s: s["footage"] and s["footage"][0]["status"] == "ready",
    )
    moments = [
        await post(
            planner,
            f"/cases/{case_id}/moments",
            {
                "footage_id": str(footage_id),
                "start_s": start,
                "end_s": start + 8,
                "kind": "strength",
            },
            headers,
        )
        for start in (10, 40)
    ]
    ids = [m["id"] for m in moments]
    plans = f"/cases/{case_id}/feedback-plans"
    plan = await post(planner, plans, {"moment_ids": ids, "questions": []}, headers)
    path = f"{plans}/{plan['id']}"
    ordered = await post(planner, f"{path}/clip-requests", {"reel": False}, headers)
    return footage_id, path, ids, ordered["clip_requests"][0]
