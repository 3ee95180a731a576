"""Revoked upload tokens: consumed from upload_token.revoked, cached for the request path.

The set is small and only grows, so each replica keeps all of it in memory. The replica
whose consumer records a revocation knows it at once; the others reload the set at most
`refresh_s` after it was recorded (one consumer group spreads the topic over replicas).
"""

from __future__ import annotations

import asyncio
import math
import time
from datetime import datetime

from spin_contracts.events.directory import UploadTokenRevoked
from spin_contracts.events.envelope import Envelope, Event
from spincore.streams import Handler

from spin_ingest.service.ports import Database

CONSUMER = "ingest-revocations"
ACCEPTS = frozenset({UploadTokenRevoked.event_type})


class RevokedTokens:
    def __init__(self, database: Database, refresh_s: float) -> None:
        self._database = database
        self._refresh_s = refresh_s
        self._revoked: dict[str, datetime] = {}
        self._loaded_at = -math.inf
        self._loading = asyncio.Lock()

    async def revoked_at(self, token_id: str) -> datetime | None:
        """When the token was revoked, or None while it is not."""
        if self._stale():
            await self._reload()
        return self._revoked.get(token_id)

    def learn(self, token_id: str, revoked_at: datetime) -> None:
        self._revoked[token_id] = revoked_at

    def _stale(self) -> bool:
        return time.monotonic() - self._loaded_at >= self._refresh_s

    async def _reload(self) -> None:
        async with self._loading:
            if not self._stale():
                return
            started = time.monotonic()
            async with self._database.views() as views:
                loaded = await views.revocations()
            # Merged, not replaced: a revocation learnt while loading must not be dropped.
            self._revoked.update(loaded)
            self._loaded_at = started


def revocation_handler(database: Database, cache: RevokedTokens) -> Handler:
    async def on_revoked(envelope: Envelope, event: Event) -> None:
        if not isinstance(event, UploadTokenRevoked):
            return
        async with database.views() as views:
            if await views.first_delivery(CONSUMER, envelope.event_id):
                await views.record_revocation(event)
        cache.learn(event.token_id, event.revoked_at)

    return on_revoked
