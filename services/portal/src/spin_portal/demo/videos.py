"""A few generated videos through the real pipeline: ffmpeg -> ingest (tus) -> transcode.

For a few open cases of the seeded dataset that have filming consent, the demo films a test
picture with sound, records the filming session (planner topic), mints a site upload token
the way the portal's tokens page does, and uploads the file over ingest's public tus API.
Ingest learns consents from Kafka, so creation is retried while it still answers 403.
Transcode then renders renditions and thumbnails, and the portal's pipeline-health and
case pages show them.
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid5

from aiokafka import AIOKafkaProducer
from spincore.auth.tokens import TokenIssuer
from spincore.db import make_engine
from spincore.digest import file_sha256
from spincore.events import consent, planner
from spincore.events.envelope import Envelope, Event, Tenant
from spincore.kafka import make_producer, publish
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError

from spin_portal.adapters.tables import FOOTAGE
from spin_portal.settings import PortalSettings
from spin_portal.web import upload_tokens

CHUNK_BYTES = 4 * 1024 * 1024
NO_CONSENT_YET = 403
Report = Callable[[str], None]


@dataclass(frozen=True)
class VideoOptions:
    ingest_url: str
    count: int = 3
    shortest_s: int = 20
    longest_s: int = 40
    size: str = "640x360"
    accept_within_s: float = 120.0
    transcode_within_s: float = 600.0


@dataclass(frozen=True)
class FilmedCase:
    case_id: UUID
    case_code: str
    practitioner_id: str
    tenant: Tenant

    @property
    def scope(self) -> upload_tokens.SiteScope:
        assert self.tenant.agency_id
        assert self.tenant.site_id
        return upload_tokens.SiteScope(
            self.tenant.institute_id, self.tenant.agency_id, self.tenant.site_id
        )


def filmed_cases(events: Iterable[tuple[Envelope, Event]], count: int) -> list[FilmedCase]:
    """Open cases with filming and supervision-viewing consent, one per agency."""
    opened: dict[str, FilmedCase] = {}
    consents: dict[str, set[str]] = {}
    closed: set[str] = set()
    for envelope, event in events:
        if isinstance(event, planner.CaseOpened) and envelope.tenant.site_id:
            opened[event.case_code] = FilmedCase(
                event.case_id, event.case_code, event.practitioner_id, envelope.tenant
            )
        elif isinstance(event, consent.ConsentGranted) and event.valid_until is None:
            consents.setdefault(event.case_code, set()).add(event.purpose.value)
        elif isinstance(event, planner.CaseClosed):
            closed.add(event.case_code)
    wanted = {
        consent.ConsentPurpose.FILMING.value,
        consent.ConsentPurpose.SUPERVISION_VIEWING.value,
    }
    chosen: dict[str | None, FilmedCase] = {}
    for code, case in opened.items():
        if code not in closed and consents.get(code, set()) >= wanted:
            chosen.setdefault(case.tenant.agency_id, case)
    return list(chosen.values())[:count]


def film(folder: Path, index: int, seconds: int, size: str) -> Path:
    """A test picture with a tone as a camera would film it (H.264/AAC in MP4).

    Byte-identical on every run (a second demo run must find its files already uploaded):
    both inputs end by their own duration (`-shortest` cuts where the muxer happens to be) and
    x264 runs one thread (its threaded output varied under load; measured).
    """
    path = folder / f"DEMO_{index + 1:04d}.MP4"
    arguments = (
        f"-v error -y -f lavfi -t {seconds} -i testsrc2=size={size}:rate=25 "
        f"-f lavfi -t {seconds} -i sine=frequency={330 + 110 * index} "
        "-c:v libx264 -preset veryfast -threads 1 -pix_fmt yuv420p -c:a aac -fflags +bitexact"
    )
    subprocess.run(["ffmpeg", *arguments.split(), str(path)], check=True)
    return path


@dataclass(frozen=True)
class Uploaded:
    footage_id: UUID
    duplicate: bool


def tus_upload(url: str, token: str, path: Path, metadata: dict[str, str]) -> Uploaded:
    """Stream `path` to a tus server in chunks (blocking: run it in a thread)."""
    client = TusClient(f"{url.rstrip('/')}/files/", headers={"Authorization": f"Bearer {token}"})
    uploader = client.uploader(file_path=str(path), chunk_size=CHUNK_BYTES, metadata=metadata)
    uploader.upload()
    assert uploader.request is not None
    headers = {k.lower(): v for k, v in uploader.request.response_headers.items()}
    duplicate_of = headers.get("spin-duplicate-of")
    return Uploaded(UUID(duplicate_of or headers["spin-footage-id"]), duplicate_of is not None)


async def upload_once_consent_is_known(
    options: VideoOptions, token: str, path: Path, metadata: dict[str, str], report: Report
) -> Uploaded:
    deadline = time.monotonic() + options.accept_within_s
    while True:
        try:
            return await asyncio.to_thread(tus_upload, options.ingest_url, token, path, metadata)
        except TusCommunicationError as error:
            if error.status_code != NO_CONSENT_YET or time.monotonic() > deadline:
                raise
            report("  ingest has not learnt the filming consent yet; retrying")
            await asyncio.sleep(2)


async def transcoded(engine: AsyncEngine, footage_id: UUID, deadline: float) -> str:
    """What became of the footage in the portal's read model, waiting until `deadline`."""
    while True:
        async with engine.connect() as conn:
            row = (
                await conn.execute(select(FOOTAGE).where(FOOTAGE.c.footage_id == footage_id))
            ).first()
        if row is not None and row.transcoded_at is not None:
            return f"transcoded ({row.rendition_key})"
        if row is not None and row.failed_reason:
            return f"failed at {row.failed_stage}: {row.failed_reason}"
        if time.monotonic() > deadline:
            return "not transcoded yet (the pipeline-health page shows the backlog)"
        await asyncio.sleep(1)


def filming_session(
    case: FilmedCase, index: int, at: datetime
) -> tuple[Envelope, planner.SessionRecorded]:
    """The planner's record of the filming (ids derived, so a second demo run adds nothing)."""
    session_id = uuid5(NAMESPACE_URL, f"spin-demo/filming/{case.case_code}/{index}")
    event = planner.SessionRecorded(
        case_id=case.case_id,
        case_code=case.case_code,
        session_id=session_id,
        kind=planner.SessionKind.FILMING,
        practitioner_id=case.practitioner_id,
        held_at=at,
        duration_minutes=60,
        children_present=True,
        filming_session_ref=f"film-demo-{session_id.hex[:12]}",
    )
    envelope = Envelope.wrap(event, producer="planner", tenant=case.tenant, occurred_at=at)
    return envelope.model_copy(update={"event_id": uuid5(session_id, "recorded")}), event


@dataclass
class DemoFilming:
    """Films, records and uploads the demo's videos with the running stack's pieces."""

    settings: PortalSettings
    options: VideoOptions
    engine: AsyncEngine
    producer: AIOKafkaProducer
    issuer: TokenIssuer
    folder: Path
    report: Report

    async def film_and_upload(self, case: FilmedCase, index: int) -> Uploaded:
        options = self.options
        spread = max(1, options.count - 1)
        seconds = options.shortest_s + (options.longest_s - options.shortest_s) * index // spread
        self.report(f"video {index + 1}: filming {seconds} s for case {case.case_code}")
        path = await asyncio.to_thread(film, self.folder, index, seconds, options.size)
        filmed_at = datetime.now(UTC) - timedelta(hours=1)
        envelope, session = filming_session(case, index, filmed_at)
        await publish(self.producer, envelope, session, self.settings.topic_prefix)
        async with self.engine.begin() as conn:
            token = await upload_tokens.issue(
                conn, self.issuer, case.scope, valid_for=timedelta(hours=2), issued_by="demo"
            )
        metadata = {
            "case_code": case.case_code,
            "site": case.scope.site_id,
            "filming_session_id": session.filming_session_ref or "",
            "filmed_at": filmed_at.isoformat(),
            "filename": path.name,
            "device": "SPIN demo (ffmpeg testsrc2)",
            "sha256": await asyncio.to_thread(file_sha256, path),
        }
        self.report(f"  uploading {path.name} ({path.stat().st_size / 1e6:.1f} MB) over tus")
        uploaded = await upload_once_consent_is_known(options, token, path, metadata, self.report)
        state = "already uploaded earlier" if uploaded.duplicate else "uploaded"
        self.report(f"  {state}: footage {uploaded.footage_id}")
        return uploaded


async def upload_videos(
    settings: PortalSettings,
    events: Iterable[tuple[Envelope, Event]],
    options: VideoOptions,
    report: Report = print,
) -> list[str]:
    """Film, record and upload one video per chosen case; return what became of each."""
    if settings.auth_private_key_file is None:
        report("no SPIN_AUTH_PRIVATE_KEY_FILE: skipping the demo videos (no upload tokens)")
        return []
    issuer = TokenIssuer.from_file(settings.auth_private_key_file, settings.auth_issuer)
    cases = filmed_cases(events, options.count)
    engine = make_engine(settings, pool_size=1)
    producer = make_producer(settings.kafka_bootstrap, "portal-demo-videos")
    await producer.start()
    try:
        with tempfile.TemporaryDirectory(prefix="spin-demo-") as folder:
            filming = DemoFilming(settings, options, engine, producer, issuer, Path(folder), report)
            uploads = [await filming.film_and_upload(c, i) for i, c in enumerate(cases)]
        outcomes = []
        deadline = time.monotonic() + options.transcode_within_s
        for case, uploaded in zip(cases, uploads, strict=True):
            outcome = await transcoded(engine, uploaded.footage_id, deadline)
            report(f"video of case {case.case_code}: {outcome}")
            outcomes.append(outcome)
        return outcomes
    finally:
        await producer.stop()
        await engine.dispose()
