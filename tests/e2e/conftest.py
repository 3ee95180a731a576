"""The e2e tier drives the stack `make up` started: real services on their real ports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from spincore.auth.tokens import TokenIssuer

from tests.support.servers import LOCAL_ENV, ROOT, SERVICE_BASE_PORTS, service_url


@dataclass(frozen=True)
class Stack:
    env: dict[str, str]
    issuer: TokenIssuer

    def url(self, service: str) -> str:
        return service_url(service)


@pytest.fixture(scope="session")
def stack() -> Stack:
    """The running stack; fails with the command to start it when it is not up."""
    if not LOCAL_ENV.exists():
        pytest.fail("the stack is not up: run `make up` first")
    env = dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    for service in SERVICE_BASE_PORTS:
        try:
            ready = httpx.get(f"{service_url(service)}/readyz", timeout=5)
        except httpx.HTTPError as error:
            pytest.fail(f"{service} does not answer ({error}): run `make up` first")
        assert ready.status_code == 200, f"{service} is not ready: {ready.text}"
    key = Path(env.get("SPIN_AUTH_PRIVATE_KEY_FILE", ROOT / "var/secrets/auth-private.pem"))
    return Stack(
        env=env, issuer=TokenIssuer.from_file(key, env.get("SPIN_AUTH_ISSUER", "spin-vig"))
    )


LAST = "test_topics_carry_no_free_text"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The topic scan runs after every other test of the session (the e2e flows)."""
    last = [item for item in items if item.nodeid.split("::")[0].endswith(f"{LAST}.py")]
    if last:
        items[:] = [item for item in items if item not in last] + last
