"""Erasure benchmark: the lifecycle's runner against the bare minio SDK on the same keys.

    uv run python -m bench.erasure [--footage 1000] [--env var/secrets/local.env]

In one run, against the servers of `make up` (own bucket, schema and topic prefix):
1. bare: every object of `--footage` footage items (a camera file, two renditions, poster,
   sprite, VTT, 13 clips and a reel: 20 each) deleted with one `remove_objects` stream;
2. lifecycle: the same keys written again, one due erasure job per footage, then the runner
   (`erase_due`) until done: listing by prefix, the inventory kept in PostgreSQL, deleting,
   listing again to prove nothing is left, jobs done and footage.erased staged in the outbox;
3. stop: a transcode running in the service (in this process), a filming consent withdrawn,
   the time until its footage.failed "consent withdrawn" arrives.
The last line is `erasure_vs_bare=<ratio> stop_running_s=<n>`.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

from minio import Minio
from minio.deleteobjects import DeleteObject
from spin_contracts.events.footage import ErasureReason, ErasureScope
from spin_transcode.adapters import lifecycle
from spin_transcode.adapters.erasing import StorageEraser
from spin_transcode.adapters.storage import FootageStore
from spin_transcode.domain.erasure import PlannedErasure
from spin_transcode.service.context import TranscodeContext
from spin_transcode.service.erasure import erase_due
from spin_transcode.settings import TranscodeSettings
from spincore.runtime import Runtime
from spincore.storage import make_s3

from bench.erasure_stop import stop_running_s
from bench.isolated import LOCAL_ENV, clean_up, isolated_settings

CLIPS = 13
PUT_THREADS = 32


def footage_keys(footage_id: UUID) -> list[str]:
    renditions = [f"renditions/{footage_id}/{name}" for name in _RENDITION_NAMES]
    clips = [f"clips/{footage_id}/{uuid4()}.mp4" for _ in range(CLIPS)]
    return [
        f"raw/agency-b/site-b/{footage_id}",
        *renditions,
        *clips,
        f"clips/{footage_id}/reel-{uuid4()}.mp4",
    ]


_RENDITION_NAMES = ("720p.mp4", "360p.mp4", "poster.jpg", "sprite.jpg", "thumbnails.vtt")


def fill(s3: Minio, bucket: str, keys: list[str]) -> None:
    body = b"x" * 1024
    with ThreadPoolExecutor(PUT_THREADS) as pool:
        list(pool.map(lambda key: s3.put_object(bucket, key, io.BytesIO(body), len(body)), keys))


def bare_remove(s3: Minio, bucket: str, keys: list[str]) -> float:
    started = time.perf_counter()
    errors = list(s3.remove_objects(bucket, (DeleteObject(key) for key in keys)))
    took = time.perf_counter() - started
    assert not errors, errors[:3]
    return took


async def schedule(ctx: TranscodeContext, footage: dict[UUID, list[str]], bucket: str) -> None:
    now = datetime.now(UTC)
    async with ctx.runtime.sessions.begin() as session:
        for footage_id, keys in footage.items():
            await lifecycle.record_footage(
                session,
                {
                    "footage_id": footage_id,
                    "case_code": "BENCH-0001",
                    "institute_id": "bench",
                    "bucket": bucket,
                    "raw_key": keys[0],
                },
            )
        planned = [
            PlannedErasure(fid, ErasureScope.ALL, ErasureReason.CONSENT_WITHDRAWN, now)
            for fid in footage
        ]
        await lifecycle.schedule(session, "BENCH-0001", planned)


async def lifecycle_remove(settings: TranscodeSettings, footage: dict[UUID, list[str]]) -> float:
    runtime = Runtime.build(settings)
    await runtime.start(migrations="spin_transcode:migrations")
    ctx = TranscodeContext(runtime, settings, FootageStore(runtime.s3, 60))
    eraser = StorageEraser(runtime.s3)
    try:
        await schedule(ctx, footage, settings.s3_bucket)
        started = time.perf_counter()
        done = await erase_due(ctx, eraser)
        took = time.perf_counter() - started
        assert done == len(footage), f"{done} of {len(footage)} erasures finished"
        return took
    finally:
        eraser.close()
        await runtime.stop()


async def main(count: int, env: Path) -> None:
    settings = isolated_settings(env, transcode_min_free_bytes=0)
    s3 = make_s3(settings)
    footage: dict[UUID, list[str]] = {uuid4(): [] for _ in range(count)}
    for footage_id in footage:
        footage[footage_id] = footage_keys(footage_id)
    keys = [key for listed in footage.values() for key in listed]
    try:
        s3.make_bucket(settings.s3_bucket)
        await asyncio.to_thread(fill, s3, settings.s3_bucket, keys)
        bare_s = await asyncio.to_thread(bare_remove, s3, settings.s3_bucket, keys)
        await asyncio.to_thread(fill, s3, settings.s3_bucket, keys)
        ours_s = await lifecycle_remove(settings, footage)
        left = list(s3.list_objects(settings.s3_bucket, recursive=True))
        assert not left, f"{len(left)} objects left"
        stop_s = await stop_running_s(settings)
    finally:
        await clean_up(settings)
    bare_rate, ours_rate = len(keys) / bare_s, len(keys) / ours_s
    print(f"objects: {len(keys)} of {count} footage items")
    print(f"bare remove_objects: {bare_s:.2f} s ({bare_rate:.0f} objects/s)")
    print(
        f"lifecycle runner:    {ours_s:.2f} s ({ours_rate:.0f} objects/s, with listings, "
        "inventory, verification and outbox)"
    )
    print(f"withdrawal to a stopped transcode: {stop_s:.2f} s")
    print(f"erasure_vs_bare={ours_rate / bare_rate:.2f} stop_running_s={stop_s:.2f}")


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--footage", type=int, default=1000)
    parser.add_argument("--env", type=Path, default=LOCAL_ENV)
    args = parser.parse_args()
    asyncio.run(main(args.footage, args.env))


if __name__ == "__main__":
    cli()
