"""Leader election among the processes serving one schema: a PostgreSQL advisory lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, suppress

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.lifespan import LifespanPart, alongside
from spincore.logging import get_logger
from spincore.runtime import Runtime
from spincore.safe_errors import describe

log = get_logger(__name__)


class OneProcess:
    """Lifespan parts that run in one process among all that serve the same schema.

    Several HTTP workers (or replicas) each build the app, but some parts, such as stream
    consumers, should run once. The process holding a PostgreSQL advisory lock runs them (the
    lock lives as long as the connection that took it, which is checked every `check_s`); the
    others try again every `check_s`, so one takes over when the holder stops or dies.
    """

    def __init__(
        self, runtime: Runtime, name: str, parts: Sequence[LifespanPart], check_s: float = 5.0
    ) -> None:
        self.engine = runtime.engine
        self.key = lock_key(runtime.settings.db_schema, name)
        self.name = name
        self.parts = parts
        self.check_s = check_s
        self._lock_conn: AsyncConnection | None = None
        self._running = AsyncExitStack()

    @property
    def leading(self) -> bool:
        return self._lock_conn is not None

    async def attempt(self) -> bool:
        """Take the lock and start the parts if no other process runs them; True if taken."""
        conn = await self.engine.connect()
        try:
            locked = select(func.pg_try_advisory_lock(LOCK_CLASS, self.key))
            if not await conn.scalar(locked):
                await conn.close()
                return False
            await conn.commit()  # the lock is the session's: no transaction is left open
            for part in self.parts:
                await self._running.enter_async_context(part())
        except BaseException:
            await self._release(conn)
            raise
        self._lock_conn = conn
        log.info("one_process_parts_started", parts=self.name)
        return True

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the parts here if no other process does; keep trying while the block runs."""
        await self.attempt()
        try:
            async with alongside(self.keep()):
                yield
        finally:
            await self.resign()

    async def keep(self) -> None:
        """Hold the lock (or try for it) until cancelled; resign if its connection breaks."""
        while True:
            await asyncio.sleep(self.check_s)
            try:
                if self._lock_conn is None:
                    await self.attempt()
                else:
                    await self._lock_conn.execute(text("SELECT 1"))
                    await self._lock_conn.commit()
            except Exception as error:  # noqa: BLE001 - the database is away: try again later
                log.warning("one_process_parts_unsettled", parts=self.name, error=describe(error))
                await self.resign()

    async def resign(self) -> None:
        """Stop the parts and let another process take over."""
        conn, self._lock_conn = self._lock_conn, None
        if conn is not None:
            await self._release(conn)

    async def _release(self, conn: AsyncConnection) -> None:
        try:
            await self._running.aclose()
        finally:
            with suppress(Exception):  # a broken connection: the server has dropped the lock
                await conn.invalidate()  # ends the database session, and with it the lock
            await conn.close()
