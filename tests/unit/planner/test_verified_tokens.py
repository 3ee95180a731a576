"""The guard remembers verified tokens (the planner's API verifies one per request) until they
expire, per verifier, and forgets the least recently used beyond its capacity."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from spincore.auth.guard import VerifiedTokens
from spincore.auth.tokens import (
    Principal,
    Role,
    TokenError,
    TokenIssuer,
    TokenVerifier,
    generate_keypair,
)


class CountingVerifier(TokenVerifier):
    """A real verifier that counts the signatures it checks."""

    checked = 0

    def verify(self, token: str) -> Principal:
        self.checked += 1
        return super().verify(token)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_keypair(tmp_path_factory.mktemp("keys"))


def mint(keys: tuple[Path, Path], subject: str, valid_for: timedelta) -> str:
    return TokenIssuer.from_file(keys[0], "spin-vig").mint(
        subject=subject,
        role=Role.PRACTITIONER,
        institute_id="spin-usa",
        agency_id="harbor-family",
        valid_for=valid_for,
    )


def test_a_token_is_verified_once_while_it_is_valid(keys: tuple[Path, Path]) -> None:
    verifier = CountingVerifier.from_file(keys[1], "spin-vig")
    known = VerifiedTokens(verifier)
    token = mint(keys, "dana-reyes", timedelta(hours=1))

    principals = [known.principal(token) for _ in range(3)]

    assert {p.subject for p in principals} == {"dana-reyes"}
    assert verifier.checked == 1


def test_an_expired_token_is_verified_again_not_served_from_memory(
    keys: tuple[Path, Path],
) -> None:
    verifier = CountingVerifier.from_file(keys[1], "spin-vig")
    known = VerifiedTokens(verifier)
    # Expired, but within the verifier's leeway: accepted, yet never remembered.
    token = mint(keys, "dana-reyes", timedelta(seconds=-5))

    known.principal(token)
    known.principal(token)

    assert verifier.checked == 2


def test_a_bad_token_is_refused_every_time(keys: tuple[Path, Path]) -> None:
    known = VerifiedTokens(TokenVerifier.from_file(keys[1], "spin-vig"))
    for _ in range(2):
        with pytest.raises(TokenError):
            known.principal("abc.def.ghi")


def test_the_least_recently_used_token_is_forgotten_beyond_capacity(
    keys: tuple[Path, Path],
) -> None:
    verifier = CountingVerifier.from_file(keys[1], "spin-vig")
    known = VerifiedTokens(verifier, capacity=2)
    first, second, third = (mint(keys, f"guide-{n}", timedelta(hours=1)) for n in range(3))

    for token in (first, second, first, third):  # `second` is now the least recently used
        known.principal(token)
    known.principal(first)
    checked = verifier.checked
    known.principal(second)

    assert (checked, verifier.checked) == (3, 4)
