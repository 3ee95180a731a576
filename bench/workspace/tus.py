"""A tus upload to ingest the way the workspace's uploader sends one: create, then PATCH."""

from __future__ import annotations

import asyncio
import base64
import time
from pathlib import Path
from typing import Any

import httpx

from bench.workspace.stack import BenchError, Stack, checked

CHUNK = 32 * 1024 * 1024
CONSENT_WAIT_S = 60.0  # ingest learns a new consent from Kafka, a moment after the planner


def metadata_header(values: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


async def upload_token(portal: httpx.AsyncClient, case_id: str, session_id: str) -> dict[str, Any]:
    """What the uploader asks the portal for: a token, the endpoint and the file's metadata."""
    answer = await portal.get(
        "/workspace/api/upload-token", params={"case": case_id, "session": session_id}
    )
    ticket: dict[str, Any] = checked(answer).json()
    if not ticket["endpoint"].startswith(Stack.url("ingest")):
        raise BenchError(f"the portal names ingest at {ticket['endpoint']}, not on loopback")
    return ticket


async def create(ticket: dict[str, Any], path: Path) -> str:
    """The upload's address; retried while ingest has not yet heard of the filming consent."""
    size = (await asyncio.to_thread(path.stat)).st_size
    values = {**ticket["metadata"], "filename": path.name, "filetype": "video/mp4"}
    headers = {
        "Authorization": f"Bearer {ticket['token']}",
        "Tus-Resumable": "1.0.0",
        "Upload-Length": str(size),
        "Upload-Metadata": metadata_header(values),
    }
    deadline = time.monotonic() + CONSENT_WAIT_S
    async with httpx.AsyncClient(timeout=60) as client:
        while True:
            answer = await client.post(ticket["endpoint"], headers=headers)
            if answer.status_code == 201:
                return str(httpx.URL(ticket["endpoint"]).join(answer.headers["Location"]))
            if answer.status_code != 403 or time.monotonic() > deadline:
                checked(answer, 201)
            await asyncio.sleep(0.5)


async def send(ticket: dict[str, Any], location: str, path: Path) -> float:
    """PATCH the file in chunks; the perf_counter time the last PATCH was answered."""
    headers = {
        "Authorization": f"Bearer {ticket['token']}",
        "Tus-Resumable": "1.0.0",
        "Content-Type": "application/offset+octet-stream",
    }
    offset = 0
    async with httpx.AsyncClient(timeout=httpx.Timeout(300, connect=10)) as client:
        with path.open("rb") as source:
            while chunk := await asyncio.to_thread(source.read, CHUNK):
                answer = await client.patch(
                    location, content=chunk, headers={**headers, "Upload-Offset": str(offset)}
                )
                checked(answer, 204)
                offset += len(chunk)
    return time.perf_counter()


async def upload(portal: httpx.AsyncClient, case_id: str, session_id: str, path: Path) -> float:
    ticket = await upload_token(portal, case_id, session_id)
    return await send(ticket, await create(ticket, path), path)


async def wait_ready(
    portal: httpx.AsyncClient, case_id: str, timeout_s: float, every_s: float = 0.5
) -> str:
    """Poll the portal's footage status of a case until an item is ready; its player page."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        answer = checked(await portal.get(f"/workspace/api/cases/{case_id}/footage"))
        for item in answer.json()["items"]:
            if item["status"] == "failed":
                raise BenchError(f"footage {item['id']} failed: {item.get('failure_reason')}")
            if item["status"] == "ready" and item["player_url"]:
                return str(item["player_url"])
        await asyncio.sleep(every_s)
    raise BenchError(f"no footage of case {case_id} was ready within {timeout_s:.0f} s")
