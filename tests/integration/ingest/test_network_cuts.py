"""A network that drops mid-PATCH: the upload resumes from HEAD's offset and ends intact.

The cut is real: a TCP proxy in front of ingest resets both sides of the connection after a
given number of bytes, half-way through a request body.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from spincore.auth.tokens import TokenIssuer

from tests.integration.ingest.conftest import SMALL_PARTS, RunningIngest
from tests.integration.ingest.support import (
    AGENCY,
    CASE,
    MIB,
    SITE,
    create,
    eventually,
    grant,
    mp4_bytes,
    patch,
    token,
)
from tests.integration.ingest.test_tus_protocol import outbox_rows
from tests.integration.ingest.test_uploader import run_cli
from tests.support.cutting_proxy import cutting_proxy

RETRY = frozenset({409, 423})  # the cut request may still be recording its last bytes


async def resume(
    client: httpx.AsyncClient, auth: dict[str, str], path: str, data: bytes
) -> tuple[int, httpx.Response]:
    """What a tus client does after a network error: ask HEAD for the offset, send the rest."""

    async def attempt() -> tuple[int, httpx.Response] | None:
        head = await client.head(path, headers=auth)
        offset = int(head.headers["Upload-Offset"])
        response = await patch(client, auth, path, offset, data[offset:])
        return None if response.status_code in RETRY else (offset, response)

    return await eventually(attempt, "the upload to resume")


def assert_stored_once(running: RunningIngest, footage_id: str, data: bytes) -> None:
    key = f"raw/{AGENCY}/{SITE}/{footage_id}"
    stored = running.s3.get_object(running.settings.s3_bucket, key).read()
    assert len(stored) == len(data)
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(data).hexdigest()
    assert running.leftovers() == ([key], [])


async def test_a_patch_cut_mid_body_resumes_from_head_and_completes_intact(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(3 * SMALL_PARTS + 4321)
    created = await create(ingest.client, auth, len(data), sha256=hashlib.sha256(data).hexdigest())
    path = urlsplit(created.headers["Location"]).path
    async with (
        cutting_proxy(str(ingest.client.base_url)) as (proxy, proxied),
        httpx.AsyncClient(base_url=proxied, timeout=60) as client,
    ):
        proxy.cut_after(SMALL_PARTS + 3 * MIB)
        with pytest.raises(httpx.TransportError):
            await patch(client, auth, path, 0, data)
        assert proxy.cuts == 1
        offset, done = await resume(client, auth, path, data)

    assert SMALL_PARTS <= offset < len(data), "the bytes before the cut were kept"
    assert done.status_code == 204, done.text
    assert done.headers["Upload-Offset"] == str(len(data))
    assert_stored_once(ingest, done.headers["Spin-Footage-Id"], data)
    assert await outbox_rows(ingest) == 1


async def test_spin_upload_rides_out_a_cut_and_verifies_the_file(
    ingest: RunningIngest, issuer: TokenIssuer, tmp_path: Path
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    folder = tmp_path / CASE
    folder.mkdir()
    file = folder / "clip.MP4"
    data = mp4_bytes(2 * SMALL_PARTS + 999)
    file.write_bytes(data)
    auth = token(issuer)["Authorization"].removeprefix("Bearer ")
    journal = tmp_path / "journal.json"
    async with cutting_proxy(str(ingest.client.base_url)) as (proxy, proxied):
        proxy.cut_after(SMALL_PARTS + 2 * MIB)  # inside the second chunk (5 MiB each)
        code, output = await asyncio.to_thread(
            run_cli,
            ingest,
            auth,
            journal,
            str(file),
            *("--server", f"{proxied}/files/", "--retries", "5"),
        )
    assert proxy.cuts == 1
    assert code == 0, output
    assert "1 uploaded" in output
    footage_id = output.split("footage ")[1].split()[0]
    assert_stored_once(ingest, footage_id, data)
    assert await outbox_rows(ingest) == 1
