"""People's and institutes' choices, site upload tokens and the outbox over PostgreSQL, as
`service/ports.py` names them; each works in its unit of work's transaction."""

from __future__ import annotations

from datetime import datetime

from spin_contracts.events.envelope import Envelope, Event
from spincore.db import add_to_outbox
from sqlalchemy import Table, delete, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.locale_tables import PERSON_LANGUAGES
from spin_portal.adapters.projection import mark_institute_dirty
from spin_portal.adapters.tables import UPLOAD_TOKENS
from spin_portal.adapters.zone_tables import INSTITUTE_TIME_ZONES
from spin_portal.service.ports import IssuedToken


class SqlPreferences:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def keep_language(self, username: str, language: str | None) -> None:
        await self._keep(PERSON_LANGUAGES, "username", username, "language", language)

    async def keep_time_zone(self, institute_id: str, zone: str | None) -> None:
        await self._keep(INSTITUTE_TIME_ZONES, "institute_id", institute_id, "time_zone", zone)
        # The indicators count days on the institute's clock: its cases are recomputed.
        await mark_institute_dirty(self._conn, institute_id)

    async def _keep(self, table: Table, key: str, owner: str, name: str, value: str | None) -> None:
        if value is None:
            await self._conn.execute(delete(table).where(table.c[key] == owner))
            return
        chosen = {key: owner, name: value}
        await self._conn.execute(
            pg_insert(table).values(chosen).on_conflict_do_update(index_elements=[key], set_=chosen)
        )


class SqlUploadTokens:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(self, token: IssuedToken) -> None:
        await self._conn.execute(
            insert(UPLOAD_TOKENS).values(
                token_id=token.token_id,
                agency_id=token.agency_id,
                site_id=token.site_id,
                issued_by=token.issued_by,
                expires_at=token.expires_at,
            )
        )

    async def revoke(self, agency_id: str, token_id: str, by: str, at: datetime) -> str | None:
        site_id: str | None = await self._conn.scalar(
            update(UPLOAD_TOKENS)
            .where(
                UPLOAD_TOKENS.c.agency_id == agency_id,
                UPLOAD_TOKENS.c.token_id == token_id,
                UPLOAD_TOKENS.c.revoked_at.is_(None),
            )
            .values(revoked_at=at, revoked_by=by)
            .returning(UPLOAD_TOKENS.c.site_id)
        )
        return site_id


class SqlOutbox:
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        self._conn = conn
        self._prefix = topic_prefix

    async def add(self, envelope: Envelope, event: Event) -> None:
        await add_to_outbox(self._conn, envelope, event, self._prefix)
