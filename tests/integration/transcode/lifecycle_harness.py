"""Driving the footage lifecycle from outside: footage laid out in storage as ingest lays it out,
consent and case events in, footage.erased out; a clock the test moves on by days."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

from spin_contracts.digest import file_sha256
from spin_contracts.events.consent import ConsentPurpose, ConsentWithdrawn
from spin_contracts.events.footage import FootageErased, FootageUploaded, FootageUploadStarted
from spin_contracts.events.holds import LegalHoldLifted, LegalHoldPlaced
from spin_contracts.events.planner import CaseClosed
from spin_contracts.events.training import ClipMarkedForTraining
from spin_ingest.adapters.storage import staging_key
from spin_ingest.domain.upload import object_key

from tests.integration.transcode.harness import TENANT, Outcomes, Uploader

AGENCY, SITE = TENANT.agency_id or "", TENANT.site_id or ""
PART = 5 * 1024 * 1024


@dataclass
class FakeClock:
    """What the service takes for now: real time, moved on by the test."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self.offset = at - datetime.now(UTC)


@dataclass
class Lifecycle:
    uploader: Uploader
    outcomes: Outcomes

    @property
    def bucket(self) -> str:
        return self.uploader.settings.s3_bucket

    async def started(self, case_code: str) -> FootageUploadStarted:
        """footage.upload_started, as ingest announces a new upload."""
        footage_id, upload_id = uuid4(), uuid4()
        event = FootageUploadStarted(
            footage_id=footage_id,
            case_code=case_code,
            upload_id=upload_id,
            bucket=self.bucket,
            object_key=object_key(AGENCY, SITE, footage_id),
            staging_prefix=staging_key(upload_id).rsplit("/", 1)[0] + "/",
            started_at=datetime.now(UTC),
        )
        await self.uploader.announce(event)
        return event

    async def still_uploading(self, case_code: str) -> FootageUploadStarted:
        """An upload half-way: one part in an unfinished multipart upload, and a staged tail."""
        started = await self.started(case_code)
        s3 = self.uploader.s3

        def lay_out() -> None:
            upload_id = s3._create_multipart_upload(self.bucket, started.object_key, {})
            s3._upload_part(self.bucket, started.object_key, b"\0" * PART, None, upload_id, 1)
            tail = staging_key(started.upload_id)
            s3.put_object(self.bucket, tail, io.BytesIO(b"tail"), 4)

        await asyncio.to_thread(lay_out)
        return started

    async def uploaded(self, case_code: str, source: Path) -> FootageUploaded:
        """An upload finished: the camera file at its raw key, then footage.uploaded."""
        started = await self.started(case_code)
        await asyncio.to_thread(
            self.uploader.s3.fput_object, self.bucket, started.object_key, str(source)
        )
        now = datetime.now(UTC)
        event = FootageUploaded(
            footage_id=started.footage_id,
            case_code=case_code,
            filming_session_id="session-1",
            filmed_at=now,
            uploaded_at=now,
            bucket=self.bucket,
            object_key=started.object_key,
            size_bytes=(await asyncio.to_thread(source.stat)).st_size,
            sha256=await asyncio.to_thread(file_sha256, source),
            container="mp4",
        )
        await self.uploader.announce(event)
        return event

    async def withdraw_filming(self, case_code: str, at: datetime | None = None) -> None:
        await self.withdraw(case_code, ConsentPurpose.FILMING, at)

    async def withdraw(
        self, case_code: str, purpose: ConsentPurpose, at: datetime | None = None
    ) -> None:
        await self.uploader.announce(
            ConsentWithdrawn(
                consent_id=uuid4(),
                case_code=case_code,
                purpose=purpose,
                withdrawn_at=at or datetime.now(UTC),
            ),
            producer="planner",
        )

    async def mark_for_training(
        self, case_code: str, footage_id: UUID, clip_id: UUID, at: datetime
    ) -> None:
        """clip.marked_for_training, as the planner publishes it."""
        event = ClipMarkedForTraining(
            case_id=uuid4(),
            case_code=case_code,
            clip_id=clip_id,
            footage_id=footage_id,
            marked_at=at,
        )
        await self.uploader.announce(event, producer="planner")

    async def close_case(self, case_code: str, closed_on: date) -> None:
        await self.uploader.announce(
            CaseClosed(
                case_id=uuid4(), case_code=case_code, closed_on=closed_on, reason="goals_reached"
            ),
            producer="planner",
        )

    async def hold(self, case_code: str, *, lifted: UUID | None = None) -> UUID:
        """A legal hold placed in the planner (or, with `lifted`, that hold lifted)."""
        hold_id = lifted or uuid4()
        now = datetime.now(UTC)
        event = (
            LegalHoldLifted(case_id=uuid4(), case_code=case_code, hold_id=hold_id, lifted_at=now)
            if lifted
            else LegalHoldPlaced(
                case_id=uuid4(), case_code=case_code, hold_id=hold_id, placed_at=now
            )
        )
        await self.uploader.announce(event, producer="planner")
        return hold_id

    def erased(self, footage_id: UUID) -> list[FootageErased]:
        return [
            e
            for e in self.outcomes.of("footage.erased", footage_id)
            if isinstance(e, FootageErased)
        ]

    def objects(self, prefix: str = "") -> list[str]:
        listing = self.uploader.s3.list_objects(self.bucket, prefix=prefix, recursive=True)
        return sorted(item.object_name or "" for item in listing)

    def unfinished_uploads(self) -> list[str]:
        return [
            u.object_name or ""
            for u in self.uploader.s3._list_multipart_uploads(self.bucket).uploads
        ]
