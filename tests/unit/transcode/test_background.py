"""Work beside a use case's main line: awaited on leaving, first failure as it is, the rest
cancelled when anything fails."""

from __future__ import annotations

import asyncio

import pytest
from spin_transcode.adapters.background import Background


async def test_leaving_waits_for_everything_started() -> None:
    done: list[int] = []

    async def work(n: int) -> int:
        await asyncio.sleep(0.01 * n)
        done.append(n)
        return n

    async with Background() as background:
        first = background.start(work(2))
        background.start(work(1))
    assert sorted(done) == [1, 2]
    assert first.result() == 2


async def test_a_failure_is_raised_as_it_is_and_the_rest_is_cancelled() -> None:
    slow_cancelled = asyncio.Event()

    async def slow() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            slow_cancelled.set()
            raise

    async def broken() -> None:
        raise LookupError("gone")

    async def both() -> None:
        async with Background() as background:
            background.start(slow())
            background.start(broken())

    with pytest.raises(LookupError, match="gone"):
        await both()
    assert slow_cancelled.is_set()


async def test_a_failing_main_line_cancels_what_runs_beside_it() -> None:
    started: list[asyncio.Task[None]] = []

    async def failing() -> None:
        async with Background() as background:
            started.append(background.start(asyncio.sleep(10)))
            raise ValueError("main")

    async with asyncio.timeout(2):
        with pytest.raises(ValueError, match="main"):
            await failing()
    assert started[0].cancelled()
