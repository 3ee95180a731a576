"""Upload state, footage and the consent view in PostgreSQL (SQLAlchemy Core)."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_ingest.adapters.storage import StoredPart
from spin_ingest.adapters.tables import CONSENTS, FOOTAGE, UPLOAD_PARTS, UPLOADS
from spin_ingest.domain.consent import ConsentState
from spin_ingest.domain.limits import OpenSlot
from spin_ingest.domain.upload import Status, Upload

# Advisory-lock classes of ingest's rows (spincore.db.locks.LOCK_CLASS is another class).
UPLOAD_LOCKS = 0x1A61
SITE_LOCKS = 0x1A62


def _lock_key(value: str) -> int:
    return zlib.crc32(value.encode()) - 2**31


def _upload(row: Any) -> Upload:
    values = dict(row._mapping)
    values["status"] = Status(values["status"])
    values["head"] = bytes(values["head"])
    return Upload(**values)


async def load(conn: AsyncConnection, upload_id: UUID) -> Upload | None:
    row = (await conn.execute(select(UPLOADS).where(UPLOADS.c.upload_id == upload_id))).first()
    return _upload(row) if row else None


async def insert_upload(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(UPLOADS).values(**values))


async def unfinished_at_site(
    conn: AsyncConnection, agency_id: str, site_id: str, now: datetime
) -> list[OpenSlot]:
    """The site's open uploads (offset and expiry), holding the site's lock until the
    transaction ends. An upload past its expiry holds no slot, swept or not."""
    key = _lock_key(f"{agency_id}/{site_id}")
    await conn.execute(select(func.pg_advisory_xact_lock(SITE_LOCKS, key)))
    rows = await conn.execute(
        select(UPLOADS.c.offset, UPLOADS.c.expires_at).where(
            UPLOADS.c.agency_id == agency_id,
            UPLOADS.c.site_id == site_id,
            UPLOADS.c.status == Status.RECEIVING.value,
            UPLOADS.c.expires_at > now,
        )
    )
    return [OpenSlot(started=row.offset > 0, expires_at=row.expires_at) for row in rows]


async def parts(conn: AsyncConnection, upload_id: UUID) -> list[StoredPart]:
    rows = await conn.execute(
        select(UPLOAD_PARTS.c.part_number, UPLOAD_PARTS.c.etag, UPLOAD_PARTS.c.size)
        .where(UPLOAD_PARTS.c.upload_id == upload_id)
        .order_by(UPLOAD_PARTS.c.part_number)
    )
    return [StoredPart(r.part_number, r.etag, r.size) for r in rows]


async def record_progress(
    conn: AsyncConnection,
    upload_id: UUID,
    *,
    new_parts: Sequence[StoredPart],
    offset: int,
    tail_length: int,
    head: bytes,
    length: int | None,
    expires_at: datetime,
) -> None:
    """Make received bytes count: their parts, the new offset and the staged tail's size."""
    if new_parts:
        statement = pg_insert(UPLOAD_PARTS).values(
            [
                {"upload_id": upload_id, "part_number": p.number, "etag": p.etag, "size": p.size}
                for p in new_parts
            ]
        )
        await conn.execute(
            statement.on_conflict_do_update(
                index_elements=["upload_id", "part_number"],
                set_={"etag": statement.excluded.etag, "size": statement.excluded.size},
            )
        )
    await conn.execute(
        update(UPLOADS)
        .where(UPLOADS.c.upload_id == upload_id)
        .values(
            offset=offset,
            tail_length=tail_length,
            head=head,
            length=length,
            expires_at=expires_at,
        )
    )


async def set_status(
    conn: AsyncConnection, upload_id: UUID, status: Status, duplicate_of: UUID | None = None
) -> None:
    await conn.execute(
        update(UPLOADS)
        .where(UPLOADS.c.upload_id == upload_id)
        .values(status=status.value, duplicate_of=duplicate_of)
    )


async def footage_with_hash(
    conn: AsyncConnection, agency_id: str, case_code: str, sha256: str
) -> UUID | None:
    found = await conn.scalar(
        select(FOOTAGE.c.footage_id).where(
            FOOTAGE.c.agency_id == agency_id,
            FOOTAGE.c.case_code == case_code,
            FOOTAGE.c.sha256 == sha256,
        )
    )
    return found if isinstance(found, UUID) else None


async def insert_footage(conn: AsyncConnection, values: dict[str, Any]) -> bool:
    """False when the same file is already stored for the case (a concurrent twin)."""
    inserted = await conn.execute(
        pg_insert(FOOTAGE)
        .values(**values)
        .on_conflict_do_nothing(constraint="footage_once_per_case")
        .returning(FOOTAGE.c.footage_id)
    )
    return inserted.first() is not None


async def expired(conn: AsyncConnection, now: datetime, limit: int = 100) -> list[Upload]:
    rows = await conn.execute(
        select(UPLOADS)
        .where(UPLOADS.c.status == Status.RECEIVING.value, UPLOADS.c.expires_at <= now)
        .order_by(UPLOADS.c.expires_at)
        .limit(limit)
    )
    return [_upload(row) for row in rows]


@asynccontextmanager
async def upload_lock(
    engine: AsyncEngine, upload_id: UUID
) -> AsyncIterator[AsyncConnection | None]:
    """A connection holding this upload's lock for a whole request, or None if another holds it.

    A session-level advisory lock: if this replica dies, PostgreSQL drops the connection and
    with it the lock, so the upload is never stuck.
    """
    key = _lock_key(str(upload_id))
    async with engine.connect() as conn:
        locked = await conn.scalar(select(func.pg_try_advisory_lock(UPLOAD_LOCKS, key)))
        await conn.commit()
        if not locked:
            yield None
            return
        try:
            yield conn
        finally:
            await conn.rollback()
            await conn.execute(select(func.pg_advisory_unlock(UPLOAD_LOCKS, key)))
            await conn.commit()


async def consent_state(
    conn: AsyncConnection, case_code: str, agency_id: str, now: datetime
) -> ConsentState:
    rows = await conn.execute(
        select(CONSENTS.c.granted_at, CONSENTS.c.valid_until, CONSENTS.c.withdrawn_at).where(
            CONSENTS.c.case_code == case_code,
            CONSENTS.c.purpose == "filming",
            (CONSENTS.c.agency_id.is_(None)) | (CONSENTS.c.agency_id == agency_id),
        )
    )
    return ConsentState.of(rows.all(), now)


async def record_consent(conn: AsyncConnection, consent_id: UUID, values: dict[str, Any]) -> None:
    """Upsert one consent; a withdrawal may be seen before its grant, so both upsert."""
    statement = pg_insert(CONSENTS).values(consent_id=consent_id, **values)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=["consent_id"],
            set_={name: statement.excluded[name] for name in values},
        )
    )
