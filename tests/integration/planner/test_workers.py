"""Several HTTP worker processes: one API, summed metrics, the footage agents in one process."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from spin_planner.settings import PlannerSettings
from spincore.db.locks import LOCK_CLASS
from spincore.leader import OneProcess
from spincore.lifespan import LifespanPart
from spincore.runtime import Runtime
from spincore.settings import ServiceSettings
from sqlalchemy import text

from tests.integration.planner.conftest import People, seed_directory
from tests.support.http import free_port, until_ready
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration

PARTS = "one_process_parts"  # the name create_service_app gives the planner's footage agents


def environment(settings: ServiceSettings) -> dict[str, str]:
    """The SPIN_ variables that give a service process `settings`."""
    env = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        shown = value.get_secret_value() if isinstance(value, SecretStr) else value
        env[f"SPIN_{name.upper()}"] = str(shown)
    return env


@asynccontextmanager
async def planner_process(settings: PlannerSettings, metrics_dir: Path) -> AsyncIterator[str]:
    """The planner started as `spin-planner` does; yields its base URL once it is ready."""
    env = {**os.environ, **environment(settings), "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from spin_planner.main import run; run()", env=env
    )
    base = f"http://{settings.http_host}:{settings.http_port}"
    try:
        await until_ready(base, process)
        yield base
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 60)


async def lock_holders(runtime: Runtime, name: str) -> list[str]:
    """The states of the database sessions holding the service's advisory lock `name`."""
    async with runtime.engine.connect() as conn:
        states = await conn.scalars(
            text(
                "SELECT a.state FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE l.locktype = 'advisory' AND l.granted"
                " AND l.classid = :class AND l.objsubid = 2"
                " AND l.objid::bigint = (hashtext(:key)::bigint & 4294967295)"
            ),
            {"class": LOCK_CLASS, "key": f"{runtime.settings.db_schema}:{name}"},
        )
        return list(states)


def worker_files(metrics_dir: Path) -> set[str]:
    """The counter files of the processes that measured a request (one per process)."""
    return {name for name in os.listdir(metrics_dir) if name.startswith("counter_")}


def requests_counted(metrics: str, route: str) -> float:
    pattern = rf'^http_requests_total\{{[^}}]*route="{re.escape(route)}"[^}}]*\}} (\S+)$'
    return sum(float(value) for value in re.findall(pattern, metrics, re.MULTILINE))


async def test_two_workers_serve_one_api_and_run_the_footage_agents_once(
    isolated: Isolation, people: People, tmp_path: Path
) -> None:
    settings = isolated.settings(PlannerSettings, http_workers=2, http_port=free_port())
    async with planner_process(settings, tmp_path) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            await seed_directory(client, people)
        served = 0
        while len(worker_files(tmp_path)) < 2:  # a connection each, until both workers served
            assert served < 200, "one worker never got a connection"
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                answer = await client.get("/vocabulary", headers=people.dana)
                assert answer.status_code == 200, answer.text
            served += 1
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            metrics = (await client.get("/metrics")).text
        assert requests_counted(metrics, "/vocabulary") == served
        runtime = Runtime.build(settings)
        try:
            # One process runs the agents, and its lock leaves no transaction open.
            assert await lock_holders(runtime, PARTS) == ["idle"]
        finally:
            await runtime.engine.dispose()


async def test_one_process_parts_pass_to_another_process_when_theirs_stops(
    isolated: Isolation,
) -> None:
    settings = isolated.settings(PlannerSettings)
    first, second = Runtime.build(settings), Runtime.build(settings)
    running: list[str] = []
    second_started = asyncio.Event()

    def part(name: str) -> LifespanPart:
        @asynccontextmanager
        async def run() -> AsyncIterator[None]:
            running.append(name)
            if name == "second":
                second_started.set()
            try:
                yield
            finally:
                running.remove(name)

        return run

    here = OneProcess(first, "agents", [part("first")], check_s=0.1)
    there = OneProcess(second, "agents", [part("second")], check_s=0.1)
    try:
        first_block = here.running()
        await first_block.__aenter__()
        async with there.running():
            assert running == ["first"]
            assert (here.leading, there.leading) == (True, False)
            await first_block.__aexit__(None, None, None)
            await asyncio.wait_for(second_started.wait(), 30)
            assert running == ["second"]
            assert there.leading
            assert len(await lock_holders(second, "agents")) == 1
        assert running == []
        assert await lock_holders(first, "agents") == []
    finally:
        await first.engine.dispose()
        await second.engine.dispose()


async def test_workers_refuse_an_address_already_in_use(isolated: Isolation) -> None:
    settings = isolated.settings(PlannerSettings, http_workers=2, http_port=free_port())
    env = {**os.environ, **environment(settings)}
    with socket.socket() as squatter:
        squatter.bind((settings.http_host, settings.http_port))
        squatter.listen()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from spin_planner.main import run; run()",
            env=env,
            stderr=asyncio.subprocess.PIPE,
        )
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert f"{settings.http_port} is already in use" in stderr.decode()
