"""`spin-upload` (tuspy underneath) against a real ingest: upload, resume, refusal, exit codes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from spin_upload.cli import app
from spincore.auth.tokens import TokenIssuer
from typer.testing import CliRunner

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import CASE, MIB, SITE, grant, mp4_bytes, token


def run_cli(running: RunningIngest, auth: str, journal: Path, *args: str) -> tuple[int, str]:
    """Run spin-upload in-process; options in `args` override the defaults given here."""
    result = CliRunner().invoke(
        app,
        [
            "--server",
            f"{running.client.base_url}/files/",
            "--token",
            auth,
            "--site",
            SITE,
            "--journal",
            str(journal),
            "--chunk-mib",
            "5",
            "--retries",
            "1",
            "--backoff",
            "0.1",
            *args,
        ],
    )
    return result.exit_code, result.output


async def test_files_are_uploaded_once_and_a_rerun_skips_them(
    ingest: RunningIngest, issuer: TokenIssuer, tmp_path: Path
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    case_folder = tmp_path / CASE
    case_folder.mkdir()
    files = [case_folder / f"clip{n}.MP4" for n in range(2)]
    for file in files:
        file.write_bytes(mp4_bytes(7 * MIB))
    auth = token(issuer)["Authorization"].removeprefix("Bearer ")
    journal = tmp_path / "journal.json"
    code, output = await asyncio.to_thread(run_cli, ingest, auth, journal, *map(str, files))
    assert code == 0, output
    assert "2 uploaded" in output
    objects, _ = ingest.leftovers()
    assert len([o for o in objects if o.startswith("raw/")]) == 2
    code, output = await asyncio.to_thread(run_cli, ingest, auth, journal, *map(str, files))
    assert code == 0
    assert "2 already stored" in output


async def test_a_refused_file_gives_exit_code_1(
    ingest: RunningIngest, issuer: TokenIssuer, tmp_path: Path
) -> None:
    folder = tmp_path / "C-NO-CONSENT"
    folder.mkdir()
    file = folder / "clip.mp4"
    file.write_bytes(mp4_bytes(MIB))
    auth = token(issuer)["Authorization"].removeprefix("Bearer ")
    code, output = await asyncio.to_thread(run_cli, ingest, auth, tmp_path / "j.json", str(file))
    assert code == 1
    assert "no valid consent to filming" in output
