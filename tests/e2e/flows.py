"""Steps the e2e tests share: a camera file, a tus upload to ingest, polling, MinIO."""

from __future__ import annotations

import base64
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

import httpx
from minio import Minio

from tests.e2e.conftest import Stack
from tests.support.servers import LOCAL_ENV

T = TypeVar("T")


def camera_file(folder: Path, seconds: int = 3) -> Path:
    """A 640x360 test picture with sound, as a phone would film it (MP4)."""
    path = folder / "IMG_0001.MP4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=640x360:rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440",
            "-t",
            str(seconds),
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(path),
        ],
        check=True,
    )
    return path


def tus_metadata(values: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def tus_upload(stack: Stack, token: str, path: Path, metadata: dict[str, str]) -> httpx.Response:
    """Create and send an upload in two PATCH requests, as a resuming client would."""
    data = path.read_bytes()
    headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    with httpx.Client(base_url=stack.url("ingest"), headers=headers, timeout=60) as client:
        created = client.post(
            "/files/",
            headers={"Upload-Length": str(len(data)), "Upload-Metadata": tus_metadata(metadata)},
        )
        assert created.status_code == 201, created.text
        location = created.headers["Location"]
        half = len(data) // 2
        for offset, chunk in ((0, data[:half]), (half, data[half:])):
            sent = client.patch(
                location,
                content=chunk,
                headers={
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                },
            )
            assert sent.status_code == 204, sent.text
        return client.head(location)


def await_upload_accepted(
    stack: Stack, token: str, path: Path, metadata: dict[str, str], timeout_s: float = 60
) -> httpx.Response:
    """Ingest learns the consent from Kafka asynchronously: retry while it refuses (403)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return tus_upload(stack, token, path, metadata)
        except AssertionError as refusal:
            if "403" not in str(refusal) and "consent" not in str(refusal).lower():
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def poll(
    what: str, probe: Callable[[], T | None], timeout_s: float = 120, every_s: float = 0.5
) -> T:
    """The first non-None answer of `probe`, or a failure naming what never happened."""
    deadline = time.monotonic() + timeout_s
    while (answer := probe()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout_s:.0f} s")
        time.sleep(every_s)
    return answer


def minio(stack: Stack) -> Minio:
    return Minio(
        stack.env["SPIN_S3_ENDPOINT"],
        access_key=stack.env["SPIN_S3_ACCESS_KEY"],
        secret_key=stack.env["SPIN_S3_SECRET_KEY"],
        secure=False,
    )


def portal_login(
    role: str,
    institute_id: str,
    agency_id: str,
    site_id: str | None = None,
    practitioner_id: str | None = None,
) -> tuple[str, str]:
    """A portal account made with the ops command (`spin-portal-admin create-user`)."""
    username, password = f"{role[:5]}-{uuid4().hex[:8]}", f"pw-{uuid4().hex}"
    env = dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    scope = ["--institute", institute_id, "--agency", agency_id]
    if site_id and practitioner_id:
        scope += ["--site", site_id, "--practitioner", practitioner_id]
    created = subprocess.run(
        [
            str(Path(sys.executable).parent / "spin-portal-admin"),
            "create-user",
            "--username",
            username,
            "--role",
            role,
            *scope,
            "--password",
            password,
        ],
        env={"PATH": "/usr/bin:/bin", **env, "SPIN_DB_SCHEMA": "portal"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    return username, password
