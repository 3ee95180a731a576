"""The console entry point of every service: its HTTP server, one process or several workers."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI

from spincore.gc_tuning import settle_gc
from spincore.http_protocol import http_options
from spincore.logging import configure_logging
from spincore.serving import serve_workers
from spincore.settings import ServiceSettings
from spincore.web import MULTIPROCESS_DIR

S = TypeVar("S", bound=ServiceSettings)


def serve(app: FastAPI | str, settings: ServiceSettings) -> None:
    """Run the service's HTTP server (the console entry point of every service).

    `app` is the app, or the import string ("package.module:function") of a zero-argument
    factory such as one built on `worker_app`. SPIN_HTTP_WORKERS above 1 needs the factory:
    each worker process builds its own app, and /metrics then adds up every process's figures.
    """
    configure_logging(settings.service_name, settings.log_level)
    workers = settings.http_workers
    if workers > 1 and not isinstance(app, str):
        raise ValueError(
            f"SPIN_HTTP_WORKERS={workers} needs an app factory; "
            f"{settings.service_name} serves a single app object (set it to 1)"
        )
    metrics_dir = None
    if workers > 1 and not os.environ.get(MULTIPROCESS_DIR):
        metrics_dir = tempfile.mkdtemp(prefix=f"spin-{settings.service_name}-metrics-")
        os.environ[MULTIPROCESS_DIR] = metrics_dir  # inherited by the worker processes
    config: dict[str, Any] = {
        "app": app,
        "factory": isinstance(app, str),
        "host": settings.http_host,
        "port": settings.http_port,
        "log_config": None,
        "access_log": False,  # CorrelationMiddleware logs each request, with its correlation id
        "timeout_graceful_shutdown": 20,
        **http_options(settings),
    }
    try:
        if workers > 1:
            serve_workers(workers, **config)
        else:
            settle_gc()
            uvicorn.run(**config)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def worker_app(create_app: Callable[[S], FastAPI], settings_type: type[S]) -> FastAPI:
    """The app of one HTTP worker process: settings from the environment, logs configured.

    A service's factory for `serve` is `lambda`-free: `def app(): return worker_app(...)`.
    """
    settings = settings_type()
    configure_logging(settings.service_name, settings.log_level)
    app = create_app(settings)
    settle_gc()
    return app
