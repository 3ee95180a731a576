"""A loopback TCP proxy whose connections a test can cut, to play a network that drops.

`cut_after(n)` lets `n` more bytes through from clients to the server, then closes both sides of
every open connection at once, the way a dropped mobile or Wi-Fi link ends a request half-way.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

READ_SIZE = 64 * 1024


@dataclass
class CuttingProxy:
    target_host: str
    target_port: int
    _budget: int | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    cuts: int = 0  # how many times a `cut_after` budget ran out
    down: bool = False  # refusing every connection: the server looks away

    def go_down(self) -> None:
        """Cut every connection and refuse new ones until `come_back`."""
        self.down = True
        self.cut_now()

    def come_back(self) -> None:
        self.down = False

    def cut_after(self, upstream_bytes: int) -> None:
        """Forward `upstream_bytes` more bytes from clients, then cut every connection."""
        self._budget = upstream_bytes

    async def handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        if self.down:
            client_w.transport.abort()
            return
        server_r, server_w = await asyncio.open_connection(self.target_host, self.target_port)
        self._writers |= {client_w, server_w}
        try:
            await asyncio.gather(
                self._pipe(client_r, server_w, upstream=True),
                self._pipe(server_r, client_w, upstream=False),
            )
        finally:
            for writer in (client_w, server_w):
                self._writers.discard(writer)
                writer.close()

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, upstream: bool
    ) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(READ_SIZE):
                if upstream and self._budget is not None and len(data) >= self._budget:
                    writer.write(data[: self._budget])
                    await writer.drain()
                    self.cuts += 1
                    self.cut_now()
                    return
                if upstream and self._budget is not None:
                    self._budget -= len(data)
                writer.write(data)
                await writer.drain()
        writer.close()

    def cut_now(self) -> None:
        """Close both sides of every open connection without a goodbye (no FIN, a reset)."""
        self._budget = None
        for writer in list(self._writers):
            writer.transport.abort()


@asynccontextmanager
async def cutting_proxy(base_url: str) -> AsyncIterator[tuple[CuttingProxy, str]]:
    """A proxy in front of `base_url`; yields it and the base URL to use instead."""
    target = urlsplit(base_url)
    proxy = CuttingProxy(target.hostname or "127.0.0.1", target.port or 80)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield proxy, f"http://127.0.0.1:{port}"
    finally:
        server.close()
        proxy.cut_now()
        await server.wait_closed()
