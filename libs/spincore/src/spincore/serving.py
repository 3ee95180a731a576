"""HTTP worker processes that each accept their own share of the connections.

uvicorn's workers share one listening socket: whichever wakes first accepts every pending
connection, so long-lived keep-alive clients pile onto one process (docs/performance.md,
"Settings"). Here each worker
binds its own socket into a SO_REUSEPORT group (Linux), and the kernel spreads new connections
over them by address hash.

The parent only starts the workers and stops them: on SIGTERM or SIGINT, and when one of them
ends on its own (the service then exits non-zero and its supervisor starts it again).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from multiprocessing.connection import wait
from typing import Any

import uvicorn

from spincore.logging import get_logger

log = get_logger(__name__)


def serve_workers(workers: int, **uvicorn_config: Any) -> None:
    """Run `workers` uvicorn servers on one address (config as for `uvicorn.Config`)."""
    host, port = uvicorn_config["host"], uvicorn_config["port"]
    _refuse_taken_address(host, port)
    spawn = multiprocessing.get_context("spawn")
    processes = [
        spawn.Process(target=_worker, args=(uvicorn_config,), name=f"http-worker-{n}")
        for n in range(workers)
    ]
    stopping = False

    def stop(*_signal: object) -> None:
        nonlocal stopping
        stopping = True
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests in flight

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for process in processes:
        process.start()
    log.info("http_workers_started", workers=workers, host=host, port=port)
    wait([process.sentinel for process in processes])
    if not stopping:
        log.error("http_worker_ended", hint="stopping the other workers; restart the service")
        stop()
    for process in processes:
        process.join()
    if not stopping or any(process.exitcode not in (0, -signal.SIGTERM) for process in processes):
        sys.exit(1)


def _refuse_taken_address(host: str, port: int) -> None:
    # SO_REUSEPORT would let a second copy of the service join the first one's group silently.
    with socket.socket(_family(host)) as probe:
        probe.settimeout(0.5)
        if probe.connect_ex((host, port)) == 0:
            log.error("http_address_in_use", host=host, port=port)
            sys.exit(f"{host}:{port} is already in use; stop what listens there or change the port")


def _worker(uvicorn_config: dict[str, Any]) -> None:
    host, port = uvicorn_config["host"], uvicorn_config["port"]
    listener = socket.socket(_family(host))
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    uvicorn.Server(uvicorn.Config(**uvicorn_config)).run(sockets=[listener])


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
