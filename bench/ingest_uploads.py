"""The ingest bench's uploads: camera-like files, a tus upload in one PATCH, the consents that
let it in, and the waits for ingest and for those consents to arrive."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import httpx
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.events.directory import SiteRegistered
from spin_contracts.events.envelope import Tenant
from spin_ingest.domain.metadata import encode_header
from spin_ingest.settings import IngestSettings

from tests.support.publishing import publish_event

MIB = 1024 * 1024
BLOCK = 4 * MIB
INSTITUTE, AGENCY, SITE = "bench-inst", "bench-agency", "bench-site"


def make_file(path: Path, size: int) -> None:
    with path.open("wb") as out:
        out.write(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
        written = 32
        while written < size:
            block = os.urandom(min(BLOCK, size - written))
            out.write(block)
            written += len(block)


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while block := source.read(MIB):
            yield block


def tus_upload(base: str, token: str, path: Path, case_code: str) -> None:
    size = path.stat().st_size
    values = {
        "case_code": case_code,
        "site": SITE,
        "filming_session_id": "bench",
        "filmed_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "filename": path.name,
    }
    headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
        created = client.post(
            "/files/",
            headers={"Upload-Length": str(size), "Upload-Metadata": encode_header(values)},
        )
        created.raise_for_status()
        done = client.patch(
            created.headers["Location"],
            content=file_chunks(path),
            headers={"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"},
        )
        if done.status_code != 204 or "Spin-Footage-Id" not in done.headers:
            raise RuntimeError(f"upload failed: {done.status_code} {done.text}")


async def grant_all(settings: IngestSettings, cases: list[str]) -> None:
    """The bench's site and its cases' consents, as the planner would announce them."""
    site = SiteRegistered(site_id=SITE, agency_id=AGENCY, name="Bench site")
    await publish_event(settings, Tenant(institute_id=INSTITUTE, agency_id=AGENCY), site)
    for case in cases:
        event = ConsentGranted(
            consent_id=uuid4(),
            case_code=case,
            purpose=ConsentPurpose.FILMING,
            granted_at=datetime.now(UTC) - timedelta(days=1),
        )
        await publish_event(settings, Tenant(institute_id=INSTITUTE, agency_id=AGENCY), event)


def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("ingest exited during start-up")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("ingest did not become ready")


def wait_for_consent(base: str, token: str, path: Path, cases: list[str]) -> None:
    """Consent reaches ingest through Kafka; the first upload retries until it has."""
    deadline = time.monotonic() + 120
    while True:
        try:
            tus_upload(base, token, path, cases[0])
            return
        except httpx.HTTPStatusError as error:
            if error.response.status_code != 403 or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
