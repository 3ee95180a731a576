"""Ingest's refusals in the reader's language (Accept-Language), English where none fits;
`message` stays the English sentence."""

from __future__ import annotations

import json

import pytest
from spin_ingest.api.tus import refusal_response
from spin_ingest.domain import protocol
from spin_ingest.domain.refusals import RefusalError
from starlette.requests import Request


def _request(accept_language: str) -> Request:
    headers = [(b"accept-language", accept_language.encode())]
    return Request({"type": "http", "method": "PATCH", "path": "/files/x", "headers": headers})


def _too_large() -> RefusalError:
    with pytest.raises(RefusalError) as refused:
        protocol.check_within_limit(2_000, 1_000)
    return refused.value


@pytest.mark.parametrize(
    ("header", "detail", "language"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.5", "bestanden groter dan 1000 bytes worden niet aangenomen", "nl"),
        ("he-IL", "קבצים גדולים מ-1000 בייטים אינם מתקבלים", "he"),
        ("de-DE", "files larger than 1000 bytes are not accepted", "en"),
    ],
)
def test_a_refusal_comes_in_the_readers_language(header: str, detail: str, language: str) -> None:
    answer = refusal_response(_too_large(), _request(header))
    assert answer.status_code == 413
    assert json.loads(bytes(answer.body)) == {"detail": detail}
    assert answer.headers["content-language"] == language
    assert answer.headers["tus-resumable"] == protocol.TUS_VERSION


def test_the_message_stays_english() -> None:
    assert _too_large().message == "files larger than 1000 bytes are not accepted"
