"""The chaos run's workload: tus uploads from several sites by a resuming, retrying client, and
planner writes from many practitioners, each retried until it is answered or its deadline."""

from __future__ import annotations

import asyncio
import random
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from spin_contracts.claims import Role
from spin_contracts.digest import file_sha256
from spin_contracts.events import Envelope, Tenant
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.events.directory import SiteRegistered
from spincore.auth import TokenIssuer
from spincore.kafka import make_producer, publish
from spincore.kafka_connection import KafkaConnection

from tests.e2e.flows import tus_metadata

CHUNK = 256 * 1024
RETRY_DEADLINE_S = 180.0
CHUNK_PAUSE_S = 0.05  # a site's slow uplink: an upload lasts long enough to be cut


@dataclass
class Tally:
    """What the clients retried, per kind and why: a connection error (no answer), a 5xx, a
    429, or an answer that says "not yet" (a 4xx such as a consent not known yet)."""

    retries: dict[str, int] = field(default_factory=dict)
    # uploads with some bytes sent and the rest not yet: what ingest's kill waits for
    part_sent: set[str] = field(default_factory=set)
    some_part_sent: asyncio.Event = field(default_factory=asyncio.Event)

    def sending(self, code: str, done: bool) -> None:
        """An upload's bytes part-sent (or done): sets `some_part_sent` while any is."""
        if done:
            self.part_sent.discard(code)
        else:
            self.part_sent.add(code)
        if self.part_sent:
            self.some_part_sent.set()
        else:
            self.some_part_sent.clear()

    def retried(self, kind: str, why: str = "other") -> None:
        key = f"{kind}: {why}"
        self.retries[key] = self.retries.get(key, 0) + 1

    def of(self, why: str) -> int:
        return sum(n for key, n in self.retries.items() if key.endswith(f": {why}"))


def why_retried(cause: BaseException | int) -> str:
    """A retry's cause, as the report counts it."""
    if isinstance(cause, httpx.HTTPError):
        return "connection error"
    if isinstance(cause, _RetryError):
        cause = cause.status
    if isinstance(cause, int):
        return "5xx" if cause >= 500 else str(cause)
    return "other"


@dataclass
class Upload:
    case_code: str
    site_id: str
    path: Path
    sha256: str
    completed: bool = False
    session_ref: str = "fs-chaos"  # the planner's filming session it belongs to


@dataclass
class Write:
    """One POST /cases; `case_id` once it was answered 201."""

    practitioner: str
    case_id: str | None = None
    ambiguous: int = 0  # attempts whose outcome the client never learned (then retried)


def camera_file(path: Path, seconds: float, pattern: str) -> Path:
    command = (
        f"ffmpeg -v error -y -f lavfi -i {pattern}=size=640x360:rate=25 -f lavfi "
        f"-i sine=frequency=440 -t {seconds:.1f} -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest"
    )
    subprocess.run([*command.split(), str(path)], check=True)
    return path


def make_uploads(folder: Path, rng: random.Random, sites: list[str], count: int) -> list[Upload]:
    uploads = []
    for n in range(count):
        pattern = rng.choice(["testsrc2", "smptebars", "mandelbrot", "rgbtestsrc"])
        path = camera_file(folder / f"clip-{n}.mp4", rng.uniform(2, 6), pattern)
        code = f"CH-{uuid4().hex[:10].upper()}"
        uploads.append(Upload(code, sites[n % len(sites)], path, file_sha256(path)))
    return uploads


async def announce_consents(kafka: KafkaConnection, tenant: Tenant, uploads: list[Upload]) -> None:
    """The sites and the filming consents, as the planner announces them."""
    producer = make_producer(kafka, "chaos")
    await producer.start()
    try:
        for site in sorted({u.site_id for u in uploads}):
            event = SiteRegistered(site_id=site, agency_id=tenant.agency_id or "", name="Chaos")
            await publish(producer, Envelope.wrap(event, producer="chaos", tenant=tenant), event)
        for upload in uploads:
            consent = ConsentGranted(
                consent_id=uuid4(),
                case_code=upload.case_code,
                purpose=ConsentPurpose.FILMING,
                granted_at=datetime.now(UTC),
            )
            site_tenant = tenant.model_copy(update={"site_id": upload.site_id})
            envelope = Envelope.wrap(consent, producer="chaos", tenant=site_tenant)
            await publish(producer, envelope, consent)
    finally:
        await producer.stop()


async def tus_upload(
    base: str, issuer: TokenIssuer, tenant: Tenant, up: Upload, tally: Tally
) -> None:
    """Create, then PATCH chunk after chunk; after any failure ask the offset (HEAD) and go on."""
    token = issuer.mint(
        subject=f"uploader-{up.site_id}",
        role=Role.SITE_UPLOADER,
        institute_id=tenant.institute_id,
        agency_id=tenant.agency_id,
        site_id=up.site_id,
    )
    data = up.path.read_bytes()
    meta = {
        "case_code": up.case_code,
        "site": up.site_id,
        "filming_session_id": up.session_ref,
        "filmed_at": datetime.now(UTC).isoformat(),
        "filename": up.path.name,
        "device": "chaos phone",
    }
    headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    deadline = time.monotonic() + RETRY_DEADLINE_S
    location: str | None = None
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=20) as client:
        while time.monotonic() < deadline:
            try:
                if location is None:
                    created = await client.post(
                        "/files/",
                        headers={
                            "Upload-Length": str(len(data)),
                            "Upload-Metadata": tus_metadata(meta),
                        },
                    )
                    if created.status_code != 201:  # consent not known yet, or a 5xx
                        raise _RetryError(created.status_code)
                    location = created.headers["Location"]
                offset = int((await client.head(location)).headers["Upload-Offset"])
                while offset < len(data):
                    sent = await client.patch(
                        location,
                        content=data[offset : offset + CHUNK],
                        headers={
                            "Upload-Offset": str(offset),
                            "Content-Type": "application/offset+octet-stream",
                        },
                    )
                    if sent.status_code != 204:
                        raise _RetryError(sent.status_code)
                    offset = int(sent.headers["Upload-Offset"])
                    tally.sending(up.case_code, done=offset >= len(data))
                    await asyncio.sleep(CHUNK_PAUSE_S)
                up.completed = True
                tally.sending(up.case_code, done=True)
                return
            except (httpx.HTTPError, _RetryError, KeyError, ValueError) as error:
                tally.retried("upload", why_retried(error))
                await asyncio.sleep(1)


class _RetryError(Exception):
    """An answer the client retries (not yet consented, a 5xx, a lost offset)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def case_body(rng: random.Random) -> dict[str, Any]:
    return {
        "delivery_setting": "birth_family_home",
        "caregivers": [{"relation": "mother"}],
        "children": [{"age": rng.randrange(18)}],
        "opened_on": (date.today() - timedelta(days=30)).isoformat(),
        "self_rating_start": rng.randrange(1, 11),
    }


async def open_case(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    body: dict[str, Any],
    write: Write,
    tally: Tally,
) -> None:
    """POST /cases until answered 201 (a 4xx other than 429 is a refusal, not retried)."""
    deadline = time.monotonic() + RETRY_DEADLINE_S
    while time.monotonic() < deadline:
        try:
            answer = await client.post("/cases", json=body, headers=headers)
        except httpx.HTTPError:
            write.ambiguous += 1  # it may have been written: a retry may write it twice
            tally.retried("planner", "connection error")
            await asyncio.sleep(0.5)
            continue
        if answer.status_code == 201:
            write.case_id = answer.json()["id"]
            return
        if answer.status_code < 500 and answer.status_code != 429:
            raise RuntimeError(f"POST /cases refused: {answer.status_code} {answer.text[:200]}")
        tally.retried("planner", why_retried(answer.status_code))
        await asyncio.sleep(0.5)


async def seed_directory(
    client: httpx.AsyncClient,
    ops: dict[str, str],
    tenant: Tenant,
    sites: list[str],
    guides: list[str],
) -> None:
    async def post(path: str, body: dict[str, str]) -> None:
        answer = await client.post(path, json=body, headers=ops)
        if answer.status_code >= 300:
            raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")

    institute, agency = tenant.institute_id, tenant.agency_id or ""
    await post("/institutes", {"id": institute, "name": "Chaos", "country": "US"})
    await post("/agencies", {"id": agency, "institute_id": institute, "name": "Chaos"})
    for site in sites:
        await post("/sites", {"id": site, "agency_id": agency, "name": "Chaos"})
    for n, guide in enumerate(guides):
        await post(
            "/practitioners", {"id": guide, "site_id": sites[n % len(sites)], "display_name": guide}
        )
