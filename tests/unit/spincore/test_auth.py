from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from spin_contracts.claims import Principal, Role
from spincore.auth.tokens import TokenError, TokenIssuer, TokenVerifier, generate_keypair


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_keypair(tmp_path_factory.mktemp("keys"))


def test_a_minted_site_token_verifies_to_its_scope(keys: tuple[Path, Path]) -> None:
    token = TokenIssuer.from_file(keys[0], "spin-vig").mint(
        subject="site-1-laptop",
        role=Role.SITE_UPLOADER,
        institute_id="spin-nl",
        agency_id="agency-a",
        site_id="site-1",
        valid_for=timedelta(days=30),
    )

    principal = TokenVerifier.from_file(keys[1], "spin-vig").verify(token)

    assert principal.role is Role.SITE_UPLOADER
    assert (principal.agency_id, principal.site_id) == ("agency-a", "site-1")
    assert principal.may_act_for("agency-a", "site-1")
    assert not principal.may_act_for("agency-a", "site-2")
    assert not principal.may_act_for("agency-b", "site-1")


def test_an_expired_token_is_refused(keys: tuple[Path, Path]) -> None:
    token = TokenIssuer.from_file(keys[0], "spin-vig").mint(
        subject="x",
        role=Role.INSTITUTE_STAFF,
        institute_id="spin-nl",
        valid_for=timedelta(seconds=-120),
    )
    with pytest.raises(TokenError, match="expired"):
        TokenVerifier.from_file(keys[1], "spin-vig").verify(token)


def test_a_token_signed_by_another_key_is_refused(keys: tuple[Path, Path], tmp_path: Path) -> None:
    other_private, _ = generate_keypair(tmp_path)
    token = TokenIssuer.from_file(other_private, "spin-vig").mint(
        subject="x", role=Role.INSTITUTE_STAFF, institute_id="spin-nl"
    )
    with pytest.raises(TokenError, match="invalid token"):
        TokenVerifier.from_file(keys[1], "spin-vig").verify(token)


def test_a_token_of_another_issuer_is_refused(keys: tuple[Path, Path]) -> None:
    token = TokenIssuer.from_file(keys[0], "someone-else").mint(
        subject="x", role=Role.INSTITUTE_STAFF, institute_id="spin-nl"
    )
    with pytest.raises(TokenError, match="issuer"):
        TokenVerifier.from_file(keys[1], "spin-vig").verify(token)


def test_agency_roles_must_name_their_agency_and_uploaders_their_site() -> None:
    with pytest.raises(ValidationError, match="must name its agency"):
        Principal(subject="p", role=Role.PRACTITIONER, institute_id="i", token_id="t")
    with pytest.raises(ValidationError, match="must name its site"):
        Principal(
            subject="p", role=Role.SITE_UPLOADER, institute_id="i", agency_id="a", token_id="t"
        )
