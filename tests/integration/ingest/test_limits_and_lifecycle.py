"""Limits, duplicates, resumption on another instance, expiry and metrics."""

from __future__ import annotations

import hashlib

from spin_ingest.adapters.tables import OUTBOX, UPLOADS
from spincore.auth.tokens import TokenIssuer
from sqlalchemy import func, select, update

from tests.integration.ingest.conftest import RunningIngest, ingest_settings, start_ingest
from tests.integration.ingest.support import (
    MIB,
    OCTETS,
    create,
    eventually,
    grant,
    metadata,
    mp4_bytes,
    patch,
    token,
)
from tests.support.isolation import Isolation


async def outbox_rows(running: RunningIngest) -> int:
    """footage.uploaded events staged (each upload also announces its start)."""
    uploaded = select(func.count()).where(OUTBOX.c.event_type == "footage.uploaded")
    async with running.runtime.engine.connect() as conn:
        return int(await conn.scalar(uploaded) or 0)


async def test_a_deferred_length_is_limited_while_streaming(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    async with start_ingest(ingest_settings(isolated, max_upload_bytes=6 * MIB)) as running:
        await grant(running.settings, running.runtime.engine)
        auth = token(issuer)
        created = await running.client.post(
            "/files/", headers={**auth, "Upload-Defer-Length": "1", "Upload-Metadata": metadata()}
        )
        assert created.status_code == 201
        assert (await running.client.head(created.headers["Location"], headers=auth)).headers[
            "Upload-Defer-Length"
        ] == "1"
        response = await patch(
            running.client, auth, created.headers["Location"], 0, mp4_bytes(7 * MIB)
        )
        assert response.status_code == 413
        assert "larger than" in response.json()["detail"]
        assert running.leftovers() == ([], [])


async def test_a_deferred_length_can_be_declared_later(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(3 * MIB)
    created = await ingest.client.post(
        "/files/", headers={**auth, "Upload-Defer-Length": "1", "Upload-Metadata": metadata()}
    )
    url = created.headers["Location"]
    assert (await patch(ingest.client, auth, url, 0, data[:MIB])).status_code == 204
    done = await patch(
        ingest.client, auth, url, MIB, data[MIB:], **{"Upload-Length": str(len(data))}
    )
    assert done.status_code == 204
    assert "Spin-Footage-Id" in done.headers


async def test_a_site_has_a_limit_on_unfinished_uploads(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    async with start_ingest(
        ingest_settings(isolated, max_concurrent_uploads_per_site=2)
    ) as running:
        await grant(running.settings, running.runtime.engine)
        auth = token(issuer)
        for _ in range(2):
            assert (await create(running.client, auth, MIB)).status_code == 201
        third = await create(running.client, auth, MIB)
        assert third.status_code == 429
        assert "unfinished uploads" in third.json()["detail"]
        assert "Retry-After" in third.headers


async def test_the_same_file_twice_for_a_case_is_reported_and_stored_once(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(6 * MIB)
    first = (await create(ingest.client, auth, len(data))).headers["Location"]
    stored = await patch(ingest.client, auth, first, 0, data)
    second = (await create(ingest.client, auth, len(data))).headers["Location"]
    again = await patch(ingest.client, auth, second, 0, data)
    assert again.status_code == 204
    assert again.headers["Spin-Duplicate-Of"] == stored.headers["Spin-Footage-Id"]
    objects, multipart = ingest.leftovers()
    assert len(objects) == 1
    assert multipart == []
    assert await outbox_rows(ingest) == 1


async def test_an_upload_resumes_on_a_new_instance_and_is_verified_there(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    settings = ingest_settings(isolated)
    auth, data = token(issuer), mp4_bytes(11 * MIB + 5)
    async with start_ingest(settings) as first:
        await grant(settings, first.runtime.engine)
        url = (
            await create(first.client, auth, len(data), sha256=hashlib.sha256(data).hexdigest())
        ).headers["Location"]
        assert (await patch(first.client, auth, url, 0, data[: 6 * MIB + 3])).status_code == 204
    path = url.split("/files/", 1)[1]
    async with start_ingest(settings) as second:
        offset = int(
            (await second.client.head(f"/files/{path}", headers=auth)).headers["Upload-Offset"]
        )
        assert offset == 6 * MIB + 3
        done = await patch(second.client, auth, f"/files/{path}", offset, data[offset:])
        assert done.status_code == 204, done.text
        assert await outbox_rows(second) == 1


async def test_a_damaged_file_fails_its_declared_sha256_even_after_a_restart(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    settings = ingest_settings(isolated)
    auth, data = token(issuer), mp4_bytes(7 * MIB)
    async with start_ingest(settings) as first:
        await grant(settings, first.runtime.engine)
        url = (
            await create(
                first.client, auth, len(data), sha256=hashlib.sha256(b"original").hexdigest()
            )
        ).headers["Location"]
        assert (await patch(first.client, auth, url, 0, data[:MIB])).status_code == 204
    path = f"/files/{url.split('/files/', 1)[1]}"
    async with start_ingest(settings) as second:
        response = await patch(second.client, auth, path, MIB, data[MIB:])
        assert response.status_code == 460
        assert "damaged" in response.json()["detail"]
        assert second.leftovers() == ([], [])
        assert await outbox_rows(second) == 0


async def test_an_abandoned_truncated_upload_expires_without_trace_or_event(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    async with start_ingest(ingest_settings(isolated, expiry_sweep_seconds=0.2)) as running:
        await grant(running.settings, running.runtime.engine)
        auth, data = token(issuer), mp4_bytes(9 * MIB)
        url = (await create(running.client, auth, len(data))).headers["Location"]
        assert (await patch(running.client, auth, url, 0, data[: 7 * MIB])).status_code == 204
        objects, multipart = running.leftovers()
        assert objects
        assert multipart
        async with running.runtime.engine.begin() as conn:
            await conn.execute(update(UPLOADS).values(expires_at=func.now()))

        async def gone() -> bool:
            # Refused (410) from its expiry on; the sweep removes its parts soon after.
            refused = (await running.client.head(url, headers=auth)).status_code == 410
            return refused and running.leftovers() == ([], [])

        await eventually(gone, "the upload to expire and its parts to go")
        assert await outbox_rows(running) == 0
        late = await patch(running.client, auth, url, 7 * MIB, data[7 * MIB :])
        assert late.status_code == 410
        assert "expired" in late.json()["detail"]


async def test_metrics_count_uploads_bytes_and_failures(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(MIB)
    url = (await create(ingest.client, auth, len(data))).headers["Location"]
    await ingest.client.patch(url, content=data, headers={**auth, **OCTETS, "Upload-Offset": "0"})
    await patch(ingest.client, auth, url, 5, b"x")
    text = (await ingest.client.get("/metrics")).text
    assert 'ingest_uploads_total{outcome="completed"}' in text
    assert "ingest_bytes_received_total" in text
    assert 'ingest_upload_failures_total{reason="offset_conflict"}' in text
