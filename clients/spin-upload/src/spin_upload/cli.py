"""`spin-upload`: send camera files to ingest over tus, resuming after network loss or restart.

    spin-upload clip1.MTS clip2.MP4 --server https://ingest.example/files/ --site site-1 \\
        --case-code C-2025-001 --token "$SPIN_UPLOAD_TOKEN"
    spin-upload --watch /media/card-dumps --site site-1      # case code = the file's folder

Exit codes (for scripts):
    0  every file is stored (uploaded now, earlier, or already stored as a duplicate)
    1  the server refused at least one file (no consent, not a video, bad metadata, ...)
    2  wrong usage (unknown option, missing file)
    3  at least one file is unfinished after all retries (network); run again to resume
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm
from watchfiles import Change, watch

from spin_upload.journal import Journal
from spin_upload.transfer import Options, Outcome, Result, Transfer

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".mts", ".m2ts", ".ts", ".avi", ".mkv", ".webm"})
EXIT_REFUSED, EXIT_UNFINISHED = 1, 3
MIB = 1024 * 1024
DEFAULT_JOURNAL = Path.home() / ".spin-upload" / "journal.json"
WATCH_TICK_MS = 500

app = typer.Typer(help=__doc__, rich_markup_mode=None)


def _upload(file: Path, options: Options, journal: Journal, position: int) -> Result:
    with tqdm(
        total=file.stat().st_size,
        unit="B",
        unit_scale=True,
        desc=file.name,
        position=position,
        leave=True,
    ) as bar:

        def progress(offset: int) -> None:
            bar.update(offset - bar.n)

        return Transfer(file, options, journal).run(progress)


def _upload_all(
    files: Iterable[Path], options: Options, journal: Journal, parallel: int
) -> list[Result]:
    with ThreadPoolExecutor(parallel) as pool:
        futures = [
            pool.submit(_upload, f, options, journal, n % parallel) for n, f in enumerate(files)
        ]
        return [future.result() for future in futures]


def _settled(file: Path, quiet_s: float = 2.0) -> bool:
    """Wait while a camera dump is still being copied (its size changes); False if it went."""
    with contextlib.suppress(FileNotFoundError):
        size = file.stat().st_size
        while True:
            time.sleep(quiet_s)
            before, size = size, file.stat().st_size
            if size == before:
                return True
    return False


def _watch(folder: Path, options: Options, journal: Journal, parallel: int) -> list[Result]:
    """Upload what is in `folder` and what arrives there, each file once, until Ctrl-C."""
    results: list[Result] = []
    pending: set[Path] = set()
    lock = threading.Lock()

    def upload_when_settled(file: Path) -> None:
        try:
            if _settled(file):
                result = _upload(file, options, journal, 0)
                with lock:
                    results.append(result)
        finally:
            with lock:
                pending.discard(file)

    def offer(file: Path) -> None:
        """A copy still in progress shows up many times; one task waits for it to settle."""
        if file.suffix.lower() not in VIDEO_SUFFIXES:
            return
        with lock:
            if file in pending:
                return
            pending.add(file)
        pool.submit(upload_when_settled, file)

    with ThreadPoolExecutor(parallel) as pool, contextlib.suppress(KeyboardInterrupt):
        scanned = False
        for changes in watch(folder, yield_on_timeout=True, rust_timeout=WATCH_TICK_MS):
            if not scanned:  # the watcher runs from here on: files copied from now are seen
                scanned = True
                for file in folder.rglob("*"):
                    offer(file.resolve())
                typer.echo(f"watching {folder} (Ctrl-C to stop)")
            for change, name in changes:
                if change is not Change.deleted:
                    offer(Path(name).resolve())
    return results


def _summary(results: list[Result]) -> int:
    typer.echo("\nsummary:")
    for result in results:
        typer.echo(f"  {result.outcome.value:>14}  {result.file.name}  {result.detail}")
    counts = {o: sum(r.outcome is o for r in results) for o in Outcome}
    typer.echo("  " + ", ".join(f"{n} {o.value}" for o, n in counts.items()))
    if counts[Outcome.REFUSED]:
        return EXIT_REFUSED
    return EXIT_UNFINISHED if counts[Outcome.UNFINISHED] else 0


@app.command()
def upload(
    files: Annotated[list[Path] | None, typer.Argument(exists=True, dir_okay=False)] = None,
    server: Annotated[
        str,
        typer.Option(
            envvar="SPIN_UPLOAD_SERVER", help="tus endpoint, e.g. http://host:8101/files/"
        ),
    ] = "http://127.0.0.1:8101/files/",
    token: Annotated[str, typer.Option(envvar="SPIN_UPLOAD_TOKEN", help="site upload token")] = "",
    site: Annotated[str, typer.Option(envvar="SPIN_UPLOAD_SITE", help="this site's id")] = "",
    case_code: Annotated[
        str | None, typer.Option(help="default: the name of each file's folder")
    ] = None,
    session: Annotated[
        str | None, typer.Option(help="filming session id (default: from the file time)")
    ] = None,
    device: Annotated[str | None, typer.Option(help="camera model")] = None,
    watch_folder: Annotated[
        Path | None, typer.Option("--watch", exists=True, file_okay=False)
    ] = None,
    parallel: Annotated[int, typer.Option(min=1, max=16)] = 3,
    chunk_mib: Annotated[
        int, typer.Option(min=1, help="bytes per request; a multiple of the server's part size")
    ] = 64,
    retries: Annotated[int, typer.Option(min=0)] = 8,
    backoff: Annotated[float, typer.Option(help="first retry delay in seconds (doubles)")] = 1.0,
    journal: Annotated[Path, typer.Option(help="resume journal")] = DEFAULT_JOURNAL,
) -> None:
    """Upload FILES (or everything arriving in --watch) to ingest."""
    if not token or not site or not (files or watch_folder):
        typer.echo("give files or --watch, a --token and a --site", err=True)
        raise typer.Exit(2)
    options = Options(
        server, token, site, case_code, session, device, chunk_mib * MIB, retries, backoff
    )
    book = Journal(journal)
    if watch_folder is not None:
        results = _watch(watch_folder, options, book, parallel)
    else:
        results = _upload_all(files or [], options, book, parallel)
    raise typer.Exit(_summary(results))
