"""The token guard's 401 and 403 in the request's language (Accept-Language), from spincore's
own catalog, saying so (Content-Language, Vary); the 401 keeps its WWW-Authenticate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from spin_contracts.claims import Principal, Role
from spincore.auth.guard import require_roles
from spincore.auth.tokens import TokenIssuer, TokenVerifier, generate_keypair

Supervisor = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR))]


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_keypair(tmp_path_factory.mktemp("keys"))


def _app(public_key: Path) -> FastAPI:
    app = FastAPI()
    app.state.token_verifier = TokenVerifier.from_file(public_key, "spin-vig")

    @app.get("/supervision")
    async def supervision(principal: Supervisor) -> str:
        return principal.subject

    return app


async def _get(keys: tuple[Path, Path], language: str, token: str | None) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app(keys[1]))
    headers = {"Accept-Language": language}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.get("/supervision", headers=headers)


@pytest.mark.parametrize(
    ("header", "language", "missing", "invalid"),
    [
        (
            "nl-NL,nl;q=0.9",
            "nl",
            "een toegangstoken is vereist (Authorization: Bearer <token>)",
            "het toegangstoken is ongeldig of verlopen",
        ),
        (
            "he",
            "he",
            "נדרש אסימון גישה (Authorization: Bearer <token>)",
            "אסימון הגישה אינו תקף או שפג תוקפו",
        ),
        (
            "fr",
            "en",
            "an access token is required (Authorization: Bearer <token>)",
            "the access token is invalid or has expired",
        ),
    ],
)
async def test_a_missing_or_invalid_token_is_refused_in_the_readers_language(
    keys: tuple[Path, Path], header: str, language: str, missing: str, invalid: str
) -> None:
    for token, sentence in ((None, missing), ("abc.def.ghi", invalid)):
        answer = await _get(keys, header, token)
        assert answer.status_code == 401
        assert answer.json() == {"detail": sentence}
        assert answer.headers["www-authenticate"] == "Bearer"
        assert answer.headers["content-language"] == language
        assert answer.headers["vary"] == "Accept-Language"


@pytest.mark.parametrize(
    ("header", "sentence"),
    [
        ("nl", "deze handeling staat niet open voor de rol practitioner"),
        ("he", "פעולה זו אינה פתוחה לתפקיד practitioner"),
        ("", "this action is not open to the role practitioner"),
    ],
)
async def test_a_wrong_role_is_refused_in_the_readers_language(
    keys: tuple[Path, Path], header: str, sentence: str
) -> None:
    token = TokenIssuer.from_file(keys[0], "spin-vig").mint(
        subject="p-1", role=Role.PRACTITIONER, institute_id="spin-nl", agency_id="agency-a"
    )
    answer = await _get(keys, header, token)
    assert answer.status_code == 403
    assert answer.json() == {"detail": sentence}
    assert answer.headers["content-language"] == (header or "en")
    assert "www-authenticate" not in answer.headers
