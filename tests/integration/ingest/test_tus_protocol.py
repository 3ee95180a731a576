"""The tus 1.0 protocol against the real servers: creation, resumption, checksums, termination."""

from __future__ import annotations

import hashlib

from spin_ingest.adapters.tables import OUTBOX
from spincore.auth.tokens import TokenIssuer
from sqlalchemy import func, select

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import (
    AGENCY,
    MIB,
    OCTETS,
    SITE,
    TUS,
    checksum,
    create,
    grant,
    metadata,
    mp4_bytes,
    patch,
    token,
)


async def outbox_rows(running: RunningIngest) -> int:
    """footage.uploaded events staged (each upload also announces its start)."""
    uploaded = select(func.count()).where(OUTBOX.c.event_type == "footage.uploaded")
    async with running.runtime.engine.connect() as conn:
        return int(await conn.scalar(uploaded) or 0)


async def test_options_lists_the_extensions(ingest: RunningIngest) -> None:
    response = await ingest.client.options("/files/")
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert "checksum" in response.headers["Tus-Extension"]
    assert "termination" in response.headers["Tus-Extension"]
    assert response.headers["Tus-Checksum-Algorithm"] == "sha256"


async def test_a_file_sent_in_uneven_chunks_is_assembled_and_announced_once(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(12 * MIB + 12345)
    created = await create(ingest.client, auth, len(data), sha256=hashlib.sha256(data).hexdigest())
    assert created.status_code == 201, created.text
    url = created.headers["Location"]
    assert created.headers["Upload-Offset"] == "0"
    assert "Upload-Expires" in created.headers

    first = await patch(ingest.client, auth, url, 0, data[: 3 * MIB + 7])
    assert first.status_code == 204, first.text
    head = await ingest.client.head(url, headers=auth)
    assert head.headers["Upload-Offset"] == str(3 * MIB + 7)
    assert head.headers["Upload-Length"] == str(len(data))
    second = await patch(ingest.client, auth, url, 3 * MIB + 7, data[3 * MIB + 7 : 9 * MIB])
    assert second.status_code == 204
    last = await patch(ingest.client, auth, url, 9 * MIB, data[9 * MIB :])
    assert last.status_code == 204, last.text
    assert last.headers["Upload-Offset"] == str(len(data))

    footage_id = last.headers["Spin-Footage-Id"]
    key = f"raw/{AGENCY}/{SITE}/{footage_id}"
    stored = ingest.s3.get_object(ingest.settings.s3_bucket, key).read()
    assert hashlib.sha256(stored).digest() == hashlib.sha256(data).digest()
    assert await outbox_rows(ingest) == 1
    again = await patch(ingest.client, auth, url, len(data), b"")
    assert again.status_code == 204
    assert await outbox_rows(ingest) == 1
    objects, multipart = ingest.leftovers()
    assert objects == [key]
    assert multipart == []


async def test_creation_with_upload_and_a_matching_checksum(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(2 * MIB)
    created = await ingest.client.post(
        "/files/",
        content=data[:MIB],
        headers={
            **auth,
            **OCTETS,
            "Upload-Length": str(len(data)),
            "Upload-Metadata": metadata(),
            "Upload-Checksum": checksum(data[:MIB]),
        },
    )
    assert created.status_code == 201, created.text
    assert created.headers["Upload-Offset"] == str(MIB)
    rest = await patch(
        ingest.client,
        auth,
        created.headers["Location"],
        MIB,
        data[MIB:],
        **{"Upload-Checksum": checksum(data[MIB:])},
    )
    assert rest.status_code == 204
    assert "Spin-Footage-Id" in rest.headers


async def test_a_chunk_with_a_wrong_checksum_is_refused_with_460_and_discarded(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(8 * MIB)
    url = (await create(ingest.client, auth, len(data))).headers["Location"]
    assert (await patch(ingest.client, auth, url, 0, data[: 2 * MIB])).status_code == 204
    corrupted = await patch(
        ingest.client,
        auth,
        url,
        2 * MIB,
        data[2 * MIB : 7 * MIB],
        **{"Upload-Checksum": checksum(b"other bytes")},
    )
    assert corrupted.status_code == 460
    assert "does not match" in corrupted.json()["detail"]
    head = await ingest.client.head(url, headers=auth)
    assert head.headers["Upload-Offset"] == str(2 * MIB)
    fixed = await patch(
        ingest.client,
        auth,
        url,
        2 * MIB,
        data[2 * MIB :],
        **{"Upload-Checksum": checksum(data[2 * MIB :])},
    )
    assert fixed.status_code == 204
    key = f"raw/{AGENCY}/{SITE}/{fixed.headers['Spin-Footage-Id']}"
    stored = ingest.s3.get_object(ingest.settings.s3_bucket, key).read()
    assert stored == data


async def test_an_unknown_checksum_algorithm_is_a_bad_request(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth = token(issuer)
    url = (await create(ingest.client, auth, MIB)).headers["Location"]
    response = await patch(
        ingest.client, auth, url, 0, mp4_bytes(1000), **{"Upload-Checksum": "md5 AAAA"}
    )
    assert response.status_code == 400
    assert "sha256" in response.json()["detail"]


async def test_a_wrong_offset_is_a_conflict(ingest: RunningIngest, issuer: TokenIssuer) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth = token(issuer)
    url = (await create(ingest.client, auth, MIB)).headers["Location"]
    response = await patch(ingest.client, auth, url, 100, b"x" * 10)
    assert response.status_code == 409
    assert "does not match" in response.json()["detail"]


async def test_a_missing_protocol_version_is_refused(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    auth = {k: v for k, v in token(issuer).items() if k not in TUS}
    response = await ingest.client.post("/files/", headers={**auth, "Upload-Length": "10"})
    assert response.status_code == 412
    assert response.headers["Tus-Version"] == "1.0.0"


async def test_termination_removes_parts_and_tail(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(8 * MIB)
    url = (await create(ingest.client, auth, len(data))).headers["Location"]
    assert (await patch(ingest.client, auth, url, 0, data[: 6 * MIB])).status_code == 204
    assert ingest.leftovers() != ([], [])
    deleted = await ingest.client.delete(url, headers=auth)
    assert deleted.status_code == 204
    assert (await ingest.client.head(url, headers=auth)).status_code == 410
    assert ingest.leftovers() == ([], [])
    assert await outbox_rows(ingest) == 0
