"""Console entry point `spin-transcode`: the API and one transcode worker per process.

With `SPIN_TRANSCODE_WORKERS` above 1 the extra processes run the same lifespan (Faust agents
in one consumer group) without HTTP. Each process runs one footage job at a time, claimed from
the shared queue (`service/runner.py`), so the default (one per core) keeps every core busy.
"""

import asyncio
import multiprocessing
import os
import signal

from fastapi import FastAPI
from spincore.launch import serve
from spincore.logging import configure_logging

from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings

PARENT_CHECK_S = 1.0


def run() -> None:
    settings = TranscodeSettings()
    spawn = multiprocessing.get_context("spawn")
    for _ in range(settings.transcode_workers - 1):
        spawn.Process(target=work_headless, args=(os.getpid(),), daemon=True).start()
    serve(create_app(settings), settings)


def work_headless(parent: int) -> None:
    """An extra worker: the service lifespan without HTTP, until stopped or orphaned."""
    settings = TranscodeSettings()
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(_until_stopped(create_app(settings), parent))


async def _until_stopped(app: FastAPI, parent: int) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with app.router.lifespan_context(app):
        # A parent killed with SIGKILL cannot stop its children; they notice and leave.
        while not stop.is_set() and os.getppid() == parent:
            try:
                await asyncio.wait_for(stop.wait(), PARENT_CHECK_S)
            except TimeoutError:
                continue
