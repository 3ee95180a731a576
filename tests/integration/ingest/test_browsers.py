"""What a browser (Uppy / tus-js-client) needs from ingest with the default settings: preflights
from the portal's origin, CORS headers on every answer (errors included, or the page cannot read
their sentence), Tus-Resumable on 401, and the tus details browsers and clients rely on."""

from __future__ import annotations

import os
from datetime import timedelta

import httpx
import pytest
from spincore.auth.tokens import TokenIssuer
from sqlalchemy import text

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import (
    MIB,
    OCTETS,
    TUS,
    create,
    grant,
    metadata,
    mp4_bytes,
    patch,
    token,
)

PORTAL = "http://127.0.0.1:8104"
UPLOAD_HEADERS = "authorization, tus-resumable, upload-length, upload-metadata, content-type"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(4000)


def preflight(origin: str, method: str, headers: str = UPLOAD_HEADERS) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


async def test_a_preflight_from_the_portal_is_answered_with_the_defaults(
    ingest: RunningIngest,
) -> None:
    """People type either name for the portal on this machine: both origins are allowed."""
    upload = "/files/0b5e0e53-2d7e-4c8e-9d3c-14a1c2b3d4e5"
    asked = [("/files/", "POST"), ("/files", "POST"), (upload, "PATCH"), (upload, "DELETE")]
    for origin in (PORTAL, "http://localhost:8104"):
        for path, method in asked:
            answer = await ingest.client.options(
                path, headers=preflight(origin, method, UPLOAD_HEADERS + ", upload-offset")
            )
            assert answer.status_code == 204, (path, method, answer.text)
            assert answer.headers["Access-Control-Allow-Origin"] == origin
            assert_preflight_allows_tus(answer)


def assert_preflight_allows_tus(answer: httpx.Response) -> None:
    methods = {m.strip() for m in answer.headers["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"POST", "HEAD", "PATCH", "DELETE", "OPTIONS"}
    allowed = answer.headers["Access-Control-Allow-Headers"].lower()
    for header in ("authorization", "upload-offset", "upload-checksum", "x-http-method-override"):
        assert header in allowed
    assert int(answer.headers["Access-Control-Max-Age"]) > 0
    exposed = answer.headers["Access-Control-Expose-Headers"]
    assert {"Location", "Upload-Offset", "Tus-Resumable"} <= set(exposed.split(", "))


async def test_a_preflight_from_an_unknown_origin_is_not_allowed(ingest: RunningIngest) -> None:
    answer = await ingest.client.options(
        "/files/", headers=preflight("https://elsewhere.example", "POST")
    )
    assert answer.status_code != 204
    assert "Access-Control-Allow-Origin" not in answer.headers
    created = await create(
        ingest.client, {**TUS, "Origin": "https://elsewhere.example"}, MIB
    )  # the browser would hide this answer from the page
    assert "Access-Control-Allow-Origin" not in created.headers


@pytest.mark.parametrize("path", ["/files/", "/files"])
async def test_a_plain_tus_options_still_discovers_the_server(
    ingest: RunningIngest, path: str
) -> None:
    answer = await ingest.client.options(path)
    assert answer.status_code == 204
    assert answer.headers["Tus-Version"] == "1.0.0"
    assert "creation" in answer.headers["Tus-Extension"]
    assert answer.headers["Tus-Max-Size"] == str(ingest.settings.max_upload_bytes)
    assert "Access-Control-Allow-Origin" not in answer.headers


async def test_error_answers_reach_the_page_with_a_sentence(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    auth = {**token(issuer), "Origin": PORTAL}
    no_token = await ingest.client.post("/files/", headers={**TUS, "Origin": PORTAL})
    expired = await create(
        ingest.client, {**token(issuer, valid_for=timedelta(minutes=-5)), "Origin": PORTAL}, MIB
    )
    no_consent = await create(ingest.client, auth, MIB)
    too_large = await create(ingest.client, auth, ingest.settings.max_upload_bytes + 1)
    await grant(ingest.settings, ingest.runtime.engine)
    url = (await create(ingest.client, auth, len(JPEG))).headers["Location"]
    photo = await patch(ingest.client, auth, url, 0, JPEG)
    answers = [(401, no_token), (401, expired), (403, no_consent), (413, too_large), (415, photo)]
    for status, answer in answers:
        assert answer.status_code == status, answer.text
        assert answer.headers["Access-Control-Allow-Origin"] == PORTAL
        assert answer.headers["Tus-Resumable"] == "1.0.0"
        assert answer.json()["detail"].count(" ") > 3  # a sentence, not a code
    assert "expired" in expired.json()["detail"]
    assert "consent" in no_consent.json()["detail"]


async def test_every_401_speaks_tus(ingest: RunningIngest, issuer: TokenIssuer) -> None:
    url = (await create(ingest.client, token(issuer), MIB)).headers.get("Location")
    missing = "/files/00000000-0000-4000-8000-000000000000"
    for answer in (
        await ingest.client.post("/files/", headers={**TUS, "Upload-Length": "10"}),
        await ingest.client.head(url or missing, headers=TUS),
        await ingest.client.patch(missing, headers={**TUS, **OCTETS, "Upload-Offset": "0"}),
        await ingest.client.delete(missing, headers={**TUS, "Authorization": "Bearer nonsense"}),
    ):
        assert answer.status_code == 401
        assert answer.headers["Tus-Resumable"] == "1.0.0"
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


async def test_bytes_beyond_a_completed_upload_are_a_bad_request(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(MIB)
    url = (await create(ingest.client, auth, len(data))).headers["Location"]
    assert (await patch(ingest.client, auth, url, 0, data)).status_code == 204
    beyond = await patch(ingest.client, auth, url, len(data), b"more bytes")
    assert beyond.status_code == 400
    assert beyond.json()["detail"] == f"the body goes beyond Upload-Length ({len(data)} bytes)"
    retried = await patch(ingest.client, auth, url, len(data), b"")
    assert retried.status_code == 204  # a retried last PATCH without a body stays fine
    head = await ingest.client.head(url, headers=auth)
    assert head.headers["Upload-Offset"] == str(len(data))


async def test_creation_at_files_without_a_slash(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(MIB)
    created = await ingest.client.post(
        "/files",
        headers={**auth, "Upload-Length": str(len(data)), "Upload-Metadata": metadata()},
    )
    assert created.status_code == 201, created.text
    done = await patch(ingest.client, auth, created.headers["Location"], 0, data)
    assert done.status_code == 204, done.text
    assert "Spin-Footage-Id" in done.headers


async def test_an_unexpected_failure_still_reaches_the_page(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    """A failure no handler expected (here a table gone from under the revocation check, a
    dependency of every request) is a 500 with a sentence the page can read."""
    async with ingest.runtime.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE revoked_tokens RENAME TO revoked_tokens_gone"))
    answer = await create(ingest.client, {**token(issuer), "Origin": PORTAL}, MIB)
    assert answer.status_code == 500
    assert answer.headers["Access-Control-Allow-Origin"] == PORTAL
    assert answer.headers["Tus-Resumable"] == "1.0.0"
    assert "try again" in answer.json()["detail"]
