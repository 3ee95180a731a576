"""Generate the events of institutes, agencies, sites, practitioners and cases.

Deterministic for a seed (event ids included, so publishing twice changes nothing). Each
agency gets its own fidelity profile, so the dashboards show differences worth explaining.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from aiokafka import AIOKafkaProducer
from spincore.events import consent, directory, footage, planner
from spincore.events.envelope import Envelope, Event, Tenant
from spincore.topics import Topic, topic_name

PRODUCERS = {
    "directory": "planner",
    "planner": "planner",
    "consent": "planner",
    "footage": "demo-history",  # not "ingest": transcode leaves synthetic footage alone
}
CLOSE_REASONS = (
    "completed",
    "completed",
    "completed",
    "goals_reached",
    "family_moved",
    "family_withdrew",
)
SETTINGS = list(planner.DeliverySetting)


@dataclass(frozen=True)
class Sizes:
    institutes: int = 2
    agencies: int = 8
    sites: int = 30
    practitioners: int = 120
    cases: int = 1500
    months: int = 18
    end: date = date(2026, 10, 31)


@dataclass(frozen=True)
class Place:
    institute_id: str
    agency_id: str
    site_id: str


@dataclass
class Generator:
    sizes: Sizes
    seed: int = 7

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 - reproducible demo data

    def uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def wrap(self, event: Event, tenant: Tenant, at: datetime) -> tuple[Envelope, Event]:
        envelope = Envelope(
            event_id=self.uuid(),
            event_type=event.event_type,
            schema_version=event.schema_version,
            occurred_at=at,
            producer=PRODUCERS.get(str(event.topic).split(".")[1], "planner"),
            correlation_id=str(self.uuid()),
            tenant=tenant,
            payload=event.model_dump(mode="json"),
        )
        return envelope, event

    def events(self) -> Iterator[tuple[Envelope, Event]]:
        """Directory first, then every case in full, then supervision."""
        sizes, rng = self.sizes, self.rng
        start = _month_start(sizes.end, sizes.months)
        registered = datetime.combine(start - timedelta(days=30), time(9), UTC)
        institutes = [f"inst-{n + 1}" for n in range(sizes.institutes)]
        for n, institute in enumerate(institutes):
            yield self.wrap(
                directory.InstituteRegistered(
                    institute_id=institute,
                    name=f"SPIN Institute {n + 1}",
                    country=["US", "NL", "GB", "DE"][n % 4],
                ),
                Tenant(institute_id=institute),
                registered,
            )
        agencies = [
            (f"agency-{n + 1}", institutes[n % len(institutes)]) for n in range(sizes.agencies)
        ]
        quality = {a: 0.55 + 0.43 * rng.random() for a, _ in agencies}
        for agency, institute in agencies:
            yield self.wrap(
                directory.AgencyRegistered(
                    agency_id=agency,
                    institute_id=institute,
                    name=f"Family Services {agency.split('-')[1]}",
                ),
                Tenant(institute_id=institute, agency_id=agency),
                registered,
            )
        sites = [
            Place(agencies[n % len(agencies)][1], agencies[n % len(agencies)][0], f"site-{n + 1}")
            for n in range(sizes.sites)
        ]
        for site in sites:
            yield self.wrap(
                directory.SiteRegistered(
                    site_id=site.site_id,
                    agency_id=site.agency_id,
                    name=f"Office {site.site_id.split('-')[1]}",
                ),
                Tenant(institute_id=site.institute_id, agency_id=site.agency_id),
                registered,
            )
        practitioners: list[tuple[str, Place, date | None]] = []
        for n in range(sizes.practitioners):
            site = sites[n % len(sites)]
            apprentice = rng.random() < 0.35
            started = start + timedelta(days=rng.randrange(0, 200)) if apprentice else None
            pid = f"guide-{n + 1}"
            practitioners.append((pid, site, started))
            yield self.wrap(
                directory.PractitionerRegistered(
                    practitioner_id=pid,
                    agency_id=site.agency_id,
                    site_id=site.site_id,
                    display_name=f"Guide {n + 1}",
                    apprenticeship_started_on=started,
                    supervisor_id="trainer-1" if apprentice else None,
                ),
                Tenant(
                    institute_id=site.institute_id, agency_id=site.agency_id, site_id=site.site_id
                ),
                registered,
            )
        window = (sizes.end - start).days
        for n in range(sizes.cases):
            pid, site, _ = practitioners[n % len(practitioners)]
            opened = start + timedelta(days=rng.randrange(0, max(1, window - 7)))
            yield from self.case(f"C{n + 1:06d}", pid, site, opened, quality[site.agency_id])
        for pid, site, started in practitioners:
            if started is not None:
                yield from self.supervisions(pid, site, started, quality[site.agency_id])

    def case(
        self, code: str, pid: str, site: Place, opened: date, q: float
    ) -> Iterator[tuple[Envelope, Event]]:
        rng, end = self.rng, self.sizes.end
        tenant = Tenant(
            institute_id=site.institute_id, agency_id=site.agency_id, site_id=site.site_id
        )
        case_id = self.uuid()
        day0 = datetime.combine(opened, time(9), UTC)
        weeks = max(2, round(rng.gauss(25 if rng.random() < q else 14, 6)))
        yield self.wrap(
            planner.CaseOpened(
                case_id=case_id,
                case_code=code,
                practitioner_id=pid,
                site_id=site.site_id,
                opened_on=opened,
                delivery_setting=rng.choice(SETTINGS),
                children_ages=[rng.randrange(0, 17)],
                self_rating_start=rng.randrange(2, 7),
            ),
            tenant,
            day0,
        )
        consent_at = day0 + timedelta(hours=1 if rng.random() < q + 0.1 else 24 * 10)
        yield self.wrap(
            consent.ConsentGranted(
                consent_id=self.uuid(),
                case_code=code,
                purpose=consent.ConsentPurpose.FILMING,
                granted_at=consent_at,
            ),
            tenant,
            consent_at,
        )
        if rng.random() < 0.5:
            yield self.wrap(
                consent.ConsentGranted(
                    consent_id=self.uuid(),
                    case_code=code,
                    purpose=consent.ConsentPurpose.SUPERVISION_VIEWING,
                    granted_at=consent_at,
                ),
                tenant,
                consent_at,
            )
        question = self.uuid()
        asked = day0 + timedelta(days=1 if rng.random() < q + 0.05 else 12)
        yield self.wrap(
            planner.HelpingQuestionRecorded(
                case_id=case_id, case_code=code, helping_question_id=question, recorded_at=asked
            ),
            tenant,
            asked,
        )
        # A diligent practitioner rarely slips in a given week; the agency sets how many are.
        diligence = 0.997 if rng.random() < q else 0.8
        last = day0
        for week in range(weeks):
            filmed = day0 + timedelta(days=7 * week + 2, hours=rng.randrange(0, 6))
            if filmed.date() > end:
                return
            yield from self.filming(code, case_id, pid, tenant, filmed, diligence)
            if rng.random() < diligence:
                reviewed = filmed + timedelta(
                    days=rng.choice((2, 3, 4, 5, 6) if rng.random() < diligence else (9, 11))
                )
                if reviewed.date() <= end:
                    yield from self.review(
                        code, case_id, pid, tenant, reviewed, question, diligence
                    )
                    last = reviewed
        closed = (last + timedelta(days=3)).date()
        if closed <= end:
            yield self.wrap(
                planner.CaseClosed(
                    case_id=case_id,
                    case_code=code,
                    closed_on=closed,
                    reason=rng.choice(CLOSE_REASONS),
                    self_rating_end=rng.randrange(5, 10),
                ),
                tenant,
                datetime.combine(closed, time(17), UTC),
            )

    def filming(
        self, code: str, case_id: UUID, pid: str, tenant: Tenant, at: datetime, q: float
    ) -> Iterator[tuple[Envelope, Event]]:
        rng = self.rng
        ref = f"film-{self.uuid().hex[:12]}"
        yield self.wrap(
            planner.SessionRecorded(
                case_id=case_id,
                case_code=code,
                session_id=self.uuid(),
                kind=planner.SessionKind.FILMING,
                practitioner_id=pid,
                held_at=at,
                duration_minutes=rng.choice((45, 60, 60, 75)) if rng.random() < q else 30,
                children_present=rng.random() < q + 0.15,
                filming_session_ref=ref,
            ),
            tenant,
            at,
        )
        footage_id = self.uuid()
        uploaded = at + timedelta(
            hours=rng.randrange(1, 30) if rng.random() < q + 0.1 else rng.randrange(50, 120)
        )
        yield self.wrap(
            footage.FootageUploaded(
                footage_id=footage_id,
                case_code=code,
                filming_session_id=ref,
                filmed_at=at,
                uploaded_at=uploaded,
                bucket="spin-footage",
                object_key=f"raw/{tenant.site_id}/{footage_id}",
                size_bytes=rng.randrange(10**7, 10**9),
                sha256=f"{rng.getrandbits(256):064x}",
                container="mp4",
            ),
            tenant,
            uploaded,
        )
        done = uploaded + timedelta(minutes=rng.randrange(3, 40))
        if rng.random() < 0.97:
            yield self.wrap(
                footage.FootageTranscoded(
                    footage_id=footage_id,
                    case_code=code,
                    bucket="spin-footage",
                    renditions=[
                        footage.Rendition(
                            name="720p",
                            key=f"renditions/{footage_id}/720p.mp4",
                            width=1280,
                            height=720,
                            size_bytes=10**7,
                        )
                    ],
                    poster_key=f"renditions/{footage_id}/poster.jpg",
                    sprite_key=f"renditions/{footage_id}/sprite.jpg",
                    thumbnails_vtt_key=f"renditions/{footage_id}/thumbs.vtt",
                    metadata=footage.MediaMetadata(
                        duration_s=600,
                        frame_rate=25,
                        width=1280,
                        height=720,
                        video_codec="h264",
                        has_audio=True,
                    ),
                ),
                tenant,
                done,
            )
        else:
            yield self.wrap(
                footage.FootageFailed(
                    footage_id=footage_id,
                    case_code=code,
                    stage="probe",
                    reason="the file is not a readable video",
                ),
                tenant,
                done,
            )

    def review(
        self,
        code: str,
        case_id: UUID,
        pid: str,
        tenant: Tenant,
        at: datetime,
        question: UUID,
        q: float,
    ) -> Iterator[tuple[Envelope, Event]]:
        rng = self.rng
        clips = [
            planner.ShownClip(
                moment_id=self.uuid(),
                kind=planner.MomentKind.STRENGTH
                if rng.random() < q + 0.12
                else planner.MomentKind.WORKING_POINT,
                helping_question_id=question if rng.random() < q + 0.15 else None,
            )
            for _ in range(rng.randrange(2, 5))
        ]
        yield self.wrap(
            planner.SessionRecorded(
                case_id=case_id,
                case_code=code,
                session_id=self.uuid(),
                kind=planner.SessionKind.SHARED_REVIEW,
                practitioner_id=pid,
                held_at=at,
                duration_minutes=rng.choice((45, 60)),
                clips_shown=clips,
                homework_agreed=rng.random() < q + 0.1,
            ),
            tenant,
            at,
        )

    def supervisions(
        self, pid: str, site: Place, started: date, q: float
    ) -> Iterator[tuple[Envelope, Event]]:
        rng = self.rng
        tenant = Tenant(
            institute_id=site.institute_id, agency_id=site.agency_id, site_id=site.site_id
        )
        day = started
        while (
            day := day
            + timedelta(
                days=rng.randrange(20, 31) if rng.random() < q + 0.1 else rng.randrange(35, 60)
            )
        ) <= min(self.sizes.end, started + timedelta(days=548)):
            at = datetime.combine(day, time(14), UTC)
            yield self.wrap(
                planner.SupervisionRecorded(
                    supervision_id=self.uuid(),
                    practitioner_id=pid,
                    supervisor_id="trainer-1",
                    held_at=at,
                    duration_minutes=90,
                ),
                tenant,
                at,
            )


def _month_start(end: date, months: int) -> date:
    index = end.year * 12 + end.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def generate(sizes: Sizes | None = None, seed: int = 7) -> list[tuple[Envelope, Event]]:
    return list(Generator(sizes or Sizes(), seed).events())


async def publish_all(
    producer: AIOKafkaProducer,
    events: Iterable[tuple[Envelope, Event]],
    prefix: str = "",
    window: int = 5000,
) -> int:
    """Send events to their topics, keyed like `spincore.kafka.publish`, many in flight at once."""
    pending = []
    sent = 0
    for envelope, event in events:
        pending.append(
            await producer.send(
                topic_name(Topic(event.topic), prefix),
                envelope.to_bytes(),
                key=event.partition_key().encode(),
            )
        )
        if len(pending) >= window:
            await asyncio.gather(*pending)
            sent += len(pending)
            pending.clear()
    await asyncio.gather(*pending)
    return sent + len(pending)
