"""The events of a generated history on the topics, and sending them.

The history's footage never went through ingest: its `footage.*` events are published by
the demo itself as producer `demo-history` (transcode leaves other producers' footage alone).
For consumers tested or measured without a planner, `history_events` also builds what the
planner publishes for the directory and the imported history, with the planner's own mapping.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from aiokafka import AIOKafkaProducer
from spin_contracts.events import directory, footage
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spin_contracts.events.failures import FailureCode
from spin_contracts.topics import Topic, topic_name
from spin_planner.domain.history_events import Staged, case_events, supervision_event

from spin_demo.dataset import CaseHistory, Generator
from spin_demo.directory import Directory, Place, Sizes

HISTORY_PRODUCER = "demo-history"
BUCKET = "spin-footage"
CORRELATION = "spin-demo-history"


def tenant(place: Place) -> Tenant:
    return Tenant(institute_id=place.institute_id, agency_id=place.agency_id, site_id=place.site_id)


def footage_events(history: CaseHistory) -> Iterator[tuple[Envelope, Event]]:
    """What ingest and transcode would have said of the case's footage."""
    owner, code = tenant(history.place), history.case.case_code
    for filmed in history.filmed:
        item = filmed.footage
        uploaded = footage.FootageUploaded(
            footage_id=item.id,
            case_code=code,
            filming_session_id=item.filming_session_ref,
            filmed_at=item.filmed_at,
            uploaded_at=item.uploaded_at,
            bucket=BUCKET,
            object_key=f"raw/{owner.site_id}/{item.id}",
            size_bytes=10**8 + item.id.int % 10**9,
            sha256=f"{item.id.int:064x}",
            container="mp4",
        )
        yield _wrap(uploaded, owner, filmed.footage.uploaded_at)
        done: Event
        if item.duration_s is None:
            done = footage.FootageFailed(
                footage_id=item.id,
                case_code=code,
                stage=item.failure_stage or "probe",
                reason=item.failure_reason or "the file is not a readable video",
                reason_code=FailureCode.DAMAGED,
            )
        else:
            done = _transcoded(item.id, code, item.duration_s)
        yield _wrap(done, owner, filmed.done_at)


def _transcoded(footage_id: UUID, code: str, duration_s: float) -> footage.FootageTranscoded:
    key = f"renditions/{footage_id}"
    return footage.FootageTranscoded(
        footage_id=footage_id,
        case_code=code,
        bucket=BUCKET,
        renditions=[
            footage.Rendition(
                name="720p", key=f"{key}/720p.mp4", width=1280, height=720, size_bytes=10**7
            )
        ],
        poster_key=f"{key}/poster.jpg",
        sprite_key=f"{key}/sprite.jpg",
        thumbnails_vtt_key=f"{key}/thumbs.vtt",
        metadata=footage.MediaMetadata(
            duration_s=duration_s,
            frame_rate=25,
            width=1280,
            height=720,
            video_codec="h264",
            has_audio=True,
        ),
    )


def _wrap(event: Event, owner: Tenant, at: datetime) -> tuple[Envelope, Event]:
    envelope = Envelope.wrap(
        event, producer=HISTORY_PRODUCER, tenant=owner, correlation_id=CORRELATION
    )
    event_id = uuid5(NAMESPACE_URL, f"spin-demo/{event.event_type}/{event.partition_key()}")
    return envelope.model_copy(update={"event_id": event_id, "occurred_at": at}), event


def directory_events(found: Directory) -> Iterator[tuple[Envelope, Event]]:
    """What the planner publishes when the directory is registered through its API."""
    for institute, name, country in found.institutes:
        yield _planner(
            directory.InstituteRegistered(institute_id=institute, name=name, country=country),
            Tenant(institute_id=institute),
        )
    for agency, institute, name in found.agencies:
        yield _planner(
            directory.AgencyRegistered(agency_id=agency, institute_id=institute, name=name),
            Tenant(institute_id=institute, agency_id=agency),
        )
    for place, name in found.sites:
        yield _planner(
            directory.SiteRegistered(site_id=place.site_id, agency_id=place.agency_id, name=name),
            tenant(place),
        )
    for person in [*found.supervisors, *found.guides]:
        registered = directory.PractitionerRegistered(
            practitioner_id=person.id,
            agency_id=person.place.agency_id,
            site_id=person.place.site_id,
            display_name=person.display_name,
            apprenticeship_started_on=person.apprenticeship_started_on,
            supervisor_id=person.supervisor_id,
        )
        yield _planner(registered, tenant(person.place))


def _planner(event: Event, owner: Tenant) -> tuple[Envelope, Event]:
    envelope = Envelope.wrap(event, producer="planner", tenant=owner, correlation_id=CORRELATION)
    subject = str(event.partition_key())
    event_id = uuid5(NAMESPACE_URL, f"spin-demo/{event.event_type}/{subject}")
    return envelope.model_copy(update={"event_id": event_id}), event


def _staged(staged: Staged) -> tuple[Envelope, Event]:
    return staged.envelope(CORRELATION), staged.event


def history_events(sizes: Sizes, seed: int = 7) -> Iterator[tuple[Envelope, Event]]:
    """Directory, then each case with its footage, then supervision: the whole history as the
    topics carry it once the demo ran (the planner's events as the planner stages them)."""
    generator = Generator(sizes, seed)
    yield from directory_events(generator.directory)
    places = {p.id: p.place for p in generator.directory.guides}
    for history in generator.cases():
        yield from (_staged(s) for s in case_events(history.case.past(), tenant(history.place)))
        yield from footage_events(history)
    for supervision in generator.supervisions():
        owner = tenant(places[supervision.practitioner_id])
        yield _staged(supervision_event(supervision.past(), owner))


def generate(sizes: Sizes | None = None, seed: int = 7) -> list[tuple[Envelope, Event]]:
    return list(history_events(sizes or Sizes(), seed))


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
