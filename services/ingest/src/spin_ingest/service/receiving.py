"""Receiving bytes (tus PATCH): streamed into S3 multipart parts, a few parts in memory at a time.

Per request: the staged tail (if any) is read back, the body is copied into part-sized
buffers, and each full part is stored while the next one is being received. A part's buffer
is free again once its bytes are sent and hashed, well before object storage answers, so two
buffers suffice (one sending, one filling: memory stays around two parts) while up to
`parts_in_flight` parts wait for their answer. The whole-file sha256 is updated with each part,
in order, in a worker thread while the part is being sent (hashlib releases the GIL), so the
event loop only copies bytes. What does not fill a part at the end is staged durably in the
bucket. Without Upload-Checksum each stored part is recorded at once, so an interrupted request
keeps every full part; with Upload-Checksum nothing is recorded until the whole body matched,
so a mismatching chunk is discarded (parts stored meanwhile are overwritten later or never
listed at completion).
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from spin_contracts.claims import Principal

from spin_ingest.adapters.parts import PartBuffer
from spin_ingest.adapters.storage import StorageUnavailableError, StoredPart
from spin_ingest.domain import container, protocol
from spin_ingest.domain.refusals import Refusal, RefusalError, beyond_length
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service import metrics
from spin_ingest.service.appending import Body, PatchRequest
from spin_ingest.service.closing import FinalRefusalError, end
from spin_ingest.service.completion import complete
from spin_ingest.service.context import Ingest, visible_upload
from spin_ingest.service.ports import Ports, Progress, UploadRecords


@dataclass
class Receiving:
    ingest: Ingest
    records: UploadRecords  # the request's unit of work: it commits each batch of parts
    upload: Upload
    length: int | None
    checksum: protocol.ChunkChecksum | None
    hasher: Any | None
    buffer: PartBuffer = field(init=False)
    head: bytearray = field(init=False)
    received: int = field(init=False)
    hashed: int = field(init=False)
    next_part: int = field(init=False)
    unrecorded: list[tuple[StoredPart, int]] = field(default_factory=list)
    in_flight: deque[asyncio.Task[tuple[StoredPart, int]]] = field(default_factory=deque)
    hashing: asyncio.Task[None] | None = None
    sending: asyncio.Task[None] | None = None
    sniffed: bool = False

    def __post_init__(self) -> None:
        upload = self.upload
        self.buffer = PartBuffer(
            self.ingest.settings.part_size_bytes, upload.offset - upload.tail_length
        )
        self.head = bytearray(upload.head)
        self.received = upload.offset
        self.hashed = upload.offset
        self.next_part = upload.offset // self.ingest.settings.part_size_bytes + 1

    @property
    def complete(self) -> bool:
        return self.length is not None and self.received == self.length

    async def run(self, body: Body) -> int:
        """Take the body; return the new durable offset."""
        if self.upload.tail_length:
            tail = await self.ingest.storage.read_tail(
                self.upload.upload_id, self.upload.tail_length
            )
            self.buffer.add(memoryview(tail))
        async for chunk in body:
            self._accept(chunk)
            rest = memoryview(chunk)
            while rest:
                rest = rest[self.buffer.add(rest) :]
                if self.buffer.has_full_part():
                    await self._store(self.buffer.cut())
        if self.checksum is not None and body.interrupted:
            raise RefusalError(
                Refusal.MALFORMED, "the request ended before its body did; send the chunk again"
            )
        self._sniff_if_possible()
        if self.complete and self.buffer.pending:
            await self._store(self.buffer.cut())
        await self._settle_in_flight()
        await self._record_rest()
        return self.received

    def _accept(self, chunk: bytes) -> None:
        limit = self.ingest.settings.max_upload_bytes
        after = self.received + len(chunk)
        if self.length is None and after > limit:
            raise FinalRefusalError(
                Refusal.TOO_LARGE, "files larger than %(limit)s bytes are not accepted", limit=limit
            )
        if self.length is not None and after > self.length:
            raise beyond_length(self.length)
        missing = container.SNIFF_BYTES - len(self.head)
        if missing > 0:
            self.head += chunk[:missing]
        self.received = after
        self._sniff_if_possible()

    def _sniff_if_possible(self) -> None:
        if self.sniffed or not container.can_decide(bytes(self.head), self.complete):
            return
        self.sniffed = True
        if container.sniff(bytes(self.head)) is None:
            raise FinalRefusalError(
                Refusal.UNSUPPORTED_MEDIA,
                "this file is not a video this service accepts (MP4, MOV, MPEG-TS/MTS, AVI, "
                "MKV or WebM); it looks like something else, for example a photo or a document",
            )

    async def _store(self, part: memoryview) -> None:
        while len(self.in_flight) >= self.ingest.settings.parts_in_flight:
            await self._settle_oldest()
        if self.sending is not None:
            await self.sending  # one part on its way at a time: two buffers per request
        number, end = self.next_part, self.buffer.start
        self.next_part += 1
        self.hashing = asyncio.create_task(self._hash(part, end, after=self.hashing))
        sent = asyncio.get_running_loop().create_future()
        storing = asyncio.create_task(self._put(number, part, end, sent))
        self.in_flight.append(storing)
        self.sending = asyncio.create_task(self._reuse_when_sent(part, sent, storing, self.hashing))

    async def _put(
        self, number: int, part: memoryview, end: int, sent: asyncio.Future[None]
    ) -> tuple[StoredPart, int]:
        loop, upload = asyncio.get_running_loop(), self.upload
        stored = await self.ingest.storage.put_part(
            upload.object_key,
            upload.s3_upload_id,
            number,
            part,
            sent=lambda: loop.call_soon_threadsafe(sent.set_result, None),
        )
        return stored, end

    async def _reuse_when_sent(
        self,
        part: memoryview,
        sent: asyncio.Future[None],
        storing: asyncio.Task[Any],
        hashing: asyncio.Task[None],
    ) -> None:
        """Give the part's buffer back once its bytes are sent and hashed; a PUT that failed
        before that keeps it (its worker thread may still be reading it)."""
        await asyncio.wait((sent, storing), return_when=asyncio.FIRST_COMPLETED)
        if not sent.done():
            storing.result()  # raises the PUT's error
        await hashing
        self.buffer.give_back(part)

    async def _hash(
        self, block: memoryview, end: int, after: asyncio.Task[None] | None = None
    ) -> None:
        """Extend the whole-file hash and the chunk checksum, once the part before is in them
        (`after`), by the bytes of `block` (ending at `end`) this request received: a tail read
        back from staging was hashed by the request that received it."""
        if after is not None:
            await after
        fresh = end - self.hashed
        if fresh > 0:
            await asyncio.to_thread(self._digest, block[len(block) - fresh :])
        self.hashed = end

    def _digest(self, received: memoryview) -> None:
        if self.hasher is not None:
            self.hasher.update(received)
        if self.checksum is not None:
            self.checksum.update(received)

    async def _settle_in_flight(self) -> None:
        while self.in_flight:
            await self._settle_oldest()
        if self.sending is not None:
            await self.sending

    async def _settle_oldest(self) -> None:
        part, end = await self.in_flight.popleft()
        if self.checksum is None:
            await self._record([part], offset=end, tail_length=0)
        else:
            self.unrecorded.append((part, end))

    async def _record_rest(self) -> None:
        tail = memoryview(b"") if self.complete else self.buffer.cut()
        await self._hash(tail, self.received)
        if self.checksum is not None:
            self.checksum.verify()
        if tail:
            await self.ingest.storage.put_tail(self.upload.upload_id, tail)
        await self._record(
            [p for p, _ in self.unrecorded], offset=self.received, tail_length=len(tail)
        )
        self.unrecorded.clear()

    async def _record(self, parts: list[StoredPart], *, offset: int, tail_length: int) -> None:
        expires_at = self.ingest.expires_at(started=offset > 0)
        progress = Progress(parts, offset, tail_length, bytes(self.head), self.length, expires_at)
        await self.records.record_progress(self.upload.upload_id, progress)
        await self.records.commit()

    async def abandon(self) -> None:
        tasks = [*self.in_flight, *([self.sending] if self.sending else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def receive(
    ingest: Ingest, principal: Principal, upload_id: UUID, patch: PatchRequest, body: Body
) -> Upload:
    async with ingest.database.upload_lock(upload_id) as unit:
        if unit is None:
            async with ingest.database.reading() as probe:
                await visible_upload(probe.records, principal, upload_id)
            raise RefusalError(
                Refusal.BUSY,
                "another request is writing to this upload; try again shortly",
                2,
            )
        upload = await visible_upload(unit.records, principal, upload_id)
        upload.require_open(ingest.now())
        protocol.client_offset(patch.offset, upload.offset)
        if upload.status is Status.COMPLETED:
            await _nothing_more(upload, body)
            return upload
        length = protocol.late_length(
            patch.length, upload.length, upload.offset, ingest.settings.max_upload_bytes
        )
        ports = ingest.ports(unit)
        await ports.records.commit()  # no transaction stays open while the body streams in
        return await _receive_locked(ingest, ports, upload, length, patch, body)


async def _nothing_more(upload: Upload, body: Body) -> None:
    """A complete upload takes no more bytes; an empty PATCH (a retried last one) is answered."""
    async for chunk in body:
        if chunk:
            raise beyond_length(upload.offset)


async def _receive_locked(
    ingest: Ingest,
    ports: Ports,
    upload: Upload,
    length: int | None,
    patch: PatchRequest,
    body: Body,
) -> Upload:
    hasher = ingest.hashes.resume(upload.upload_id, upload.offset)
    receiving = Receiving(
        ingest,
        ports.records,
        upload,
        length,
        protocol.ChunkChecksum.from_header(patch.checksum),
        hasher,
    )
    metrics.RECEIVING.inc()
    try:
        offset = await receiving.run(body)
    except FinalRefusalError:
        await receiving.abandon()
        await ports.records.rollback()
        await end(ports, upload, Status.FAILED)
        raise
    except StorageUnavailableError as error:
        await receiving.abandon()
        ingest.hashes.forget(upload.upload_id)
        raise ingest.storage_unavailable() from error
    except BaseException:
        await receiving.abandon()
        ingest.hashes.forget(upload.upload_id)
        raise
    finally:
        metrics.RECEIVING.dec()
    metrics.BYTES.inc(offset - upload.offset)
    if hasher is not None:
        ingest.hashes.keep(upload.upload_id, offset, hasher)
    current = await ports.records.load(upload.upload_id)
    assert current is not None
    if not current.complete:
        return current
    try:
        return await complete(ports, current, hasher)
    except StorageUnavailableError as error:
        raise ingest.storage_unavailable() from error
