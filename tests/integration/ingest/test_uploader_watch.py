"""`spin-upload --watch` as a real process: a camera file dropped into the folder is uploaded
and journalled once, even though the watcher sees it several times, and a restarted watcher
does not send it again."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from spin_ingest.adapters.tables import UPLOADS
from spincore.auth.tokens import TokenIssuer
from sqlalchemy import func, select

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import CASE, MIB, SITE, eventually, grant, mp4_bytes, token
from tests.integration.ingest.test_tus_protocol import outbox_rows

UPLOADER = "from spin_upload.cli import app; app()"


@asynccontextmanager
async def watching(
    running: RunningIngest, auth: str, folder: Path, journal: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`spin-upload --watch folder` until the block ends, then Ctrl-C (its summary follows)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        UPLOADER,
        *("--watch", str(folder), "--server", f"{running.client.base_url}/files/"),
        *("--token", auth, "--site", SITE, "--journal", str(journal), "--chunk-mib", "5"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    assert b"watching" in await asyncio.wait_for(process.stdout.readline(), 60)
    try:
        yield process
    finally:
        if process.returncode is None:  # the test failed inside the block
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.communicate(), 120)


async def summary(process: asyncio.subprocess.Process) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    assert process.stdout is not None
    output = await asyncio.wait_for(process.stdout.read(), 120)
    return await process.wait(), output.decode()


def journalled(journal: Path, file: Path) -> dict[str, object] | None:
    if not journal.exists():
        return None
    entry: dict[str, object] | None = json.loads(journal.read_text()).get(str(file.resolve()))
    return entry if entry and entry["done"] else None


async def uploads_created(running: RunningIngest) -> int:
    async with running.runtime.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(UPLOADS)) or 0)


async def test_a_dropped_file_is_uploaded_and_journalled_once(
    ingest: RunningIngest, issuer: TokenIssuer, tmp_path: Path
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    folder, journal = tmp_path / "card-dumps", tmp_path / "journal.json"
    (folder / CASE).mkdir(parents=True)
    file = folder / CASE / "C0001.MP4"
    auth = token(issuer)["Authorization"].removeprefix("Bearer ")
    data = mp4_bytes(7 * MIB)

    async with watching(ingest, auth, folder, journal) as watcher:
        with file.open("wb") as copy:  # a card dump arrives in pieces: several change events
            for start in range(0, len(data), 2 * MIB):
                copy.write(data[start : start + 2 * MIB])
                copy.flush()
        entry = await eventually(lambda: asyncio.to_thread(journalled, journal, file), "journal")
        code, output = await summary(watcher)
    assert code == 0, output
    assert "1 uploaded" in output
    assert f"footage {entry['footage_id']}" in output
    objects, _ = ingest.leftovers()
    assert [o for o in objects if o.startswith("raw/")] == [
        f"raw/agency-a/{SITE}/{entry['footage_id']}"
    ]
    assert await uploads_created(ingest) == 1
    assert await outbox_rows(ingest) == 1

    async with watching(ingest, auth, folder, journal) as again:
        code, output = await summary(again)
    assert code == 0, output
    assert "0 uploaded" in output
    assert "1 already stored" in output
    assert await uploads_created(ingest) == 1
