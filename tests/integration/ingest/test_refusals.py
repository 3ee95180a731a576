"""Every bad input gets its own status and a sentence a person understands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spin_contracts.claims import Role
from spincore.auth.tokens import TokenIssuer, generate_keypair

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import (
    AGENCY,
    CASE,
    MIB,
    SITE,
    TUS,
    create,
    grant,
    metadata,
    mp4_bytes,
    patch,
    token,
    withdraw,
)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(4000)
TEXT = b"Dear diary, today we filmed bedtime.\n" * 200


async def test_no_token_is_401(ingest: RunningIngest) -> None:
    response = await ingest.client.post("/files/", headers={**TUS, "Upload-Length": "10"})
    assert response.status_code == 401
    assert "access token is required" in response.json()["detail"]


async def test_a_token_signed_by_someone_else_is_401(ingest: RunningIngest, tmp_path: Path) -> None:
    private, _ = generate_keypair(Path(tmp_path))
    stranger = TokenIssuer.from_file(private, "spin-vig")
    response = await create(ingest.client, token(stranger), MIB)
    assert response.status_code == 401
    assert "invalid" in response.json()["detail"]


async def test_a_role_that_does_not_upload_is_403(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    response = await create(ingest.client, token(issuer, role=Role.SUPERVISOR), MIB)
    assert response.status_code == 403
    assert "not open to the role supervisor" in response.json()["detail"]


async def test_another_site_is_403_at_creation(ingest: RunningIngest, issuer: TokenIssuer) -> None:
    response = await create(ingest.client, token(issuer, site="site-2"), MIB)
    assert response.status_code == 403
    assert "its own agency and site" in response.json()["detail"]


async def test_another_agency_is_403_at_creation(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    response = await create(ingest.client, token(issuer, agency="agency-b"), MIB, agency=AGENCY)
    assert response.status_code == 403
    assert "its own agency and site" in response.json()["detail"]


async def test_someone_elses_upload_is_404_for_every_method(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    url = (await create(ingest.client, token(issuer), MIB)).headers["Location"]
    other = token(issuer, agency="agency-b", site=SITE)
    assert (await ingest.client.head(url, headers=other)).status_code == 404
    refused = await patch(ingest.client, other, url, 0, b"x")
    assert refused.status_code == 404
    assert refused.json()["detail"] == "there is no such upload"
    assert (await ingest.client.delete(url, headers=other)).status_code == 404
    missing = url.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
    assert (await ingest.client.head(missing, headers=token(issuer))).status_code == 404


@pytest.mark.parametrize(("content", "name"), [(JPEG, "photo.mp4"), (TEXT, "notes.mp4")])
async def test_a_renamed_photo_or_text_is_415(
    ingest: RunningIngest, issuer: TokenIssuer, content: bytes, name: str
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth = token(issuer)
    url = (await create(ingest.client, auth, len(content), filename=name)).headers["Location"]
    response = await patch(ingest.client, auth, url, 0, content)
    assert response.status_code == 415
    assert "not a video" in response.json()["detail"]
    assert ingest.leftovers() == ([], [])
    assert (await ingest.client.head(url, headers=auth)).status_code == 410


@pytest.mark.parametrize(
    ("field", "override"),
    [
        ("case_code", {"case_code": None}),
        ("case_code", {"case_code": "Jansen family"}),
        ("site", {"site": None}),
        ("filming_session_id", {"filming_session_id": ""}),
        ("filmed_at", {"filmed_at": "yesterday"}),
        ("filmed_at", {"filmed_at": "2999-01-01T00:00:00+00:00"}),
        ("filmed_at", {"filmed_at": "2025-01-01T10:00:00"}),
        ("filename", {"filename": "../../etc/passwd"}),
        ("filename", {"filename": None}),
        ("device", {"device": "x" * 101}),
        ("sha256", {"sha256": "not-a-digest"}),
    ],
)
async def test_malformed_metadata_is_400_naming_the_field(
    ingest: RunningIngest, issuer: TokenIssuer, field: str, override: dict[str, str | None]
) -> None:
    response = await create(ingest.client, token(issuer), MIB, **override)
    assert response.status_code == 400
    assert f"'{field}'" in response.json()["detail"]


async def test_metadata_that_is_not_base64_is_400(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    headers = {
        **token(issuer),
        "Upload-Length": "10",
        "Upload-Metadata": metadata() + ",device %%%",
    }
    response = await ingest.client.post("/files/", headers=headers)
    assert response.status_code == 400
    assert "'device'" in response.json()["detail"]


async def test_a_case_without_filming_consent_is_403(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    response = await create(ingest.client, token(issuer), MIB)
    assert response.status_code == 403
    assert f"no valid consent to filming for case {CASE}" in response.json()["detail"]


async def test_withdrawn_consent_is_403_at_creation(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    consent = await grant(ingest.settings, ingest.runtime.engine)
    await withdraw(ingest.settings, ingest.runtime.engine, consent)
    response = await create(ingest.client, token(issuer), MIB)
    assert response.status_code == 403
    assert "withdrawn their consent to filming" in response.json()["detail"]


async def test_consent_withdrawn_during_an_upload_refuses_it_at_completion(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    consent = await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(2 * MIB)
    url = (await create(ingest.client, auth, len(data))).headers["Location"]
    assert (await patch(ingest.client, auth, url, 0, data[:MIB])).status_code == 204
    await withdraw(ingest.settings, ingest.runtime.engine, consent)
    response = await patch(ingest.client, auth, url, MIB, data[MIB:])
    assert response.status_code == 403
    assert "withdrawn" in response.json()["detail"]
    assert ingest.leftovers() == ([], [])


async def test_a_declared_size_above_the_limit_is_413(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    too_big = ingest.settings.max_upload_bytes + 1
    response = await create(ingest.client, token(issuer), too_big)
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


async def test_a_body_beyond_the_declared_length_is_400(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth = token(issuer)
    url = (await create(ingest.client, auth, 1000)).headers["Location"]
    response = await patch(ingest.client, auth, url, 0, mp4_bytes(2000))
    assert response.status_code == 400
    assert "beyond Upload-Length" in response.json()["detail"]


async def test_a_patch_with_the_wrong_content_type_is_415(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth = token(issuer)
    url = (await create(ingest.client, auth, 1000)).headers["Location"]
    response = await ingest.client.patch(
        url, content=b"x", headers={**auth, "Upload-Offset": "0", "Content-Type": "video/mp4"}
    )
    assert response.status_code == 415
    assert "application/offset+octet-stream" in response.json()["detail"]
