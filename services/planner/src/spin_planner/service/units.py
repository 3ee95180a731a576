"""The units of work a request opens: one transaction (`work`), reads (`read`), or a guarded
single-statement append retried when what it read changed (`append`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from spin_contracts.claims import Principal
from spincore.runtime import Runtime

from spin_planner.domain.errors import Conflict
from spin_planner.service.work import Outdated, Work, reading, unit_of_work

T = TypeVar("T")
APPEND_ATTEMPTS = 3


class Planner:
    """The running service as routes see it."""

    def __init__(self, runtime: Runtime, reel_max_length_s: float) -> None:
        self.runtime = runtime
        self.reel_max_length_s = reel_max_length_s

    @asynccontextmanager
    async def work(self, principal: Principal) -> AsyncIterator[Work]:
        async with unit_of_work(
            self.runtime.engine, principal, self.runtime.settings.topic_prefix
        ) as work:
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
        async with reading(
            self.runtime.engine, principal, self.runtime.settings.topic_prefix
        ) as work:
            yield work
