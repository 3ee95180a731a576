"""The units of work a request opens: one transaction (`work`), reads (`read`), or a guarded
single-statement append retried when what it read changed (`append`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol, TypeVar

from spin_contracts.claims import Principal
from spincore.runtime import Runtime

from spin_planner.domain.errors import Conflict
from spin_planner.service.work import Outdated, Work

T = TypeVar("T")
APPEND_ATTEMPTS = 3


class UnitsOfWork(Protocol):
    """Where units of work come from (`adapters/sql_work.SqlUnits`)."""

    def transaction(self, principal: Principal) -> AbstractAsyncContextManager[Work]:
        """Commits everything done on success; rolls all of it back on error."""

    def autocommitted(self, principal: Principal) -> AbstractAsyncContextManager[Work]:
        """Each statement commits on its own: reads, and guarded single-statement writes."""


class Planner:
    """The running service as routes see it."""

    def __init__(self, runtime: Runtime, units: UnitsOfWork, reel_max_length_s: float) -> None:
        self.runtime = runtime
        self.units = units
        self.reel_max_length_s = reel_max_length_s

    @asynccontextmanager
    async def work(self, principal: Principal) -> AsyncIterator[Work]:
        async with self.units.transaction(principal) as work:
            yield work
        if work.staged:
            self.runtime.relay.wake()

    async def append(self, principal: Principal, record: Callable[[Work], Awaitable[T]]) -> T:
        """Run `record`, which reads and then writes one guarded statement, without a
        transaction (two round trips fewer); again if what it read changed in between."""
        for _ in range(APPEND_ATTEMPTS):
            try:
                async with self.read(principal) as work:
                    result = await record(work)
            except Outdated:
                continue
            if work.staged:
                self.runtime.relay.wake()
            return result
        raise Conflict("the case kept changing while this was being recorded: please try again")

    @asynccontextmanager
    async def read(self, principal: Principal) -> AsyncIterator[Work]:
        async with self.units.autocommitted(principal) as work:
            yield work
