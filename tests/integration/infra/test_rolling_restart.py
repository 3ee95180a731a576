"""A rolling restart of every service under the chaos workload, at CI size, on the running stack
(`make chaos` starts it): nothing lost, nothing twice, the read model equals a rebuild; a 5xx
or a dropped connection reached the clients only as something they retried (counted)."""

from __future__ import annotations

import argparse
import json

import httpx
import pytest

from bench import chaos
from tests.support.servers import LOCAL_ENV, SERVICE_BASE_PORTS, service_url

# It restarts the stack's services: `make chaos` runs it, `make test` does not.
pytestmark = [pytest.mark.integration, pytest.mark.chaos]


def stack_is_up() -> None:
    if not LOCAL_ENV.exists():
        pytest.fail("the stack is not up: run `make up` first")
    for service in SERVICE_BASE_PORTS:
        if httpx.get(f"{service_url(service)}/readyz", timeout=5).status_code != 200:
            pytest.fail(f"{service} is not ready: run `make up` first")


async def test_a_rolling_restart_loses_nothing_and_duplicates_nothing() -> None:
    stack_is_up()
    args = argparse.Namespace(
        uploads=3, writes=24, practitioners=4, sites=2, reviews=1, window=40.0, rolling=True
    )
    lost, dupes = await chaos.run(args, seed=19)
    assert (lost, dupes) == (0, 0)
    result = json.loads((chaos.RESULTS / "chaos-rolling.json").read_text())
    assert result["seed"] == 19
    assert {"retried_5xx", "retried_connection_errors"} <= set(result)  # shown in the report
