"""A verifier remembers the tokens it verified (APIs see the same token request after request)
until they expire, and forgets the least recently used beyond its capacity."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from spin_contracts.claims import Role
from spincore.auth.tokens import TokenError, TokenIssuer, TokenVerifier, generate_keypair


class CountingVerifier(TokenVerifier):
    """A real verifier that counts the signatures it checks."""

    checked = 0

    def _checked_claims(self, token: str) -> dict[str, Any]:
        self.checked += 1
        return super()._checked_claims(token)


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
    token = mint(keys, "dana-reyes", timedelta(hours=1))

    principals = [verifier.verify(token) for _ in range(3)]

    assert {p.subject for p in principals} == {"dana-reyes"}
    assert verifier.checked == 1


def test_an_expired_token_is_verified_again_not_served_from_memory(
    keys: tuple[Path, Path],
) -> None:
    verifier = CountingVerifier.from_file(keys[1], "spin-vig")
    # Expired, but within the verifier's leeway: accepted, yet never remembered.
    token = mint(keys, "dana-reyes", timedelta(seconds=-5))

    verifier.verify(token)
    verifier.verify(token)

    assert verifier.checked == 2


def test_a_bad_token_is_refused_every_time(keys: tuple[Path, Path]) -> None:
    verifier = TokenVerifier.from_file(keys[1], "spin-vig")
    for _ in range(2):
        with pytest.raises(TokenError):
            verifier.verify("abc.def.ghi")


def test_the_least_recently_used_token_is_forgotten_beyond_capacity(
    keys: tuple[Path, Path],
) -> None:
    verifier = CountingVerifier.from_file(keys[1], "spin-vig")
    verifier.remember = 2
    first, second, third = (mint(keys, f"guide-{n}", timedelta(hours=1)) for n in range(3))

    for token in (first, second, first, third):  # `second` is now the least recently used
        verifier.verify(token)
    verifier.verify(first)
    checked = verifier.checked
    verifier.verify(second)

    assert (checked, verifier.checked) == (3, 4)
