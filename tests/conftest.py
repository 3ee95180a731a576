"""Fixtures for every tier. Integration and e2e tests talk to real servers only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from spincore.auth.tokens import TokenIssuer, generate_keypair
from spincore.logging import configure_logging

from tests.support.isolation import Isolation
from tests.support.servers import Endpoints, locate

ISSUER = "spin-vig"


def pytest_configure(config: pytest.Config) -> None:
    configure_logging("tests", "WARNING")


@pytest.fixture(scope="session")
def servers() -> Iterator[Endpoints]:
    """Kafka, MinIO and PostgreSQL: from SPIN_TEST_* variables, testcontainers, or infra/."""
    with ExitStack() as stack:
        yield locate(stack)


@pytest.fixture(scope="session")
def auth_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh Ed25519 key pair for this test session: (private, public)."""
    return generate_keypair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def issuer(auth_keys: tuple[Path, Path]) -> TokenIssuer:
    return TokenIssuer.from_file(auth_keys[0], ISSUER)


@pytest.fixture
async def isolated(servers: Endpoints, auth_keys: tuple[Path, Path]) -> AsyncIterator[Isolation]:
    """This test's own topics, bucket and schema on the real servers; removed afterwards."""
    isolation = Isolation(
        servers,
        extra_env={"auth_public_key_file": auth_keys[1], "auth_issuer": ISSUER},
    )
    await isolation.create_topics()
    try:
        yield isolation
    finally:
        await isolation.clean_up()
