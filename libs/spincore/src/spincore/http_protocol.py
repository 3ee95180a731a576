"""How the services' HTTP servers treat clients: bounded request heads, trusted proxies only.

uvicorn with httptools accepts a request line and headers of any size (a 1 MB header was
read whole), and waits for them for ever (a connection that sends nothing, or one byte now
and then, is held: 100 such sockets held a service for a minute). Here a request's head may
be at most `max_header_bytes` (431 beyond) and must arrive within `header_timeout_s` of the
connection opening or of its first byte (408, then the connection is closed). Bodies are not
timed: uploads over poor connections may take long, and JSON bodies are bounded in size.
"""

from __future__ import annotations

import asyncio
import functools
from asyncio import TimerHandle
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from spincore.logging import get_logger
from spincore.settings import ServiceSettings

log = get_logger(__name__)


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(
        self, *args: Any, max_header_bytes: int, header_timeout_s: float, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_header_bytes = max_header_bytes
        self.header_timeout_s = header_timeout_s
        self._head_bytes = 0  # of the head's complete fields, as the parser reports them
        self._head_chunks = 0  # of chunks after which the head was still incomplete
        self._in_head = False
        self._head_timer: TimerHandle | None = None
        self._refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        super().data_received(data)
        if self._in_head and not self._refused:
            # A header still being received is not yet seen by on_header: count what arrives.
            self._head_chunks += len(data)
            if self._head_chunks > self.max_header_bytes:
                self._refuse(431, "Request header fields too large.")

    # After a refusal the parser may still report what this chunk held: none of it counts.
    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._refused:
            super().on_message_complete()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = self._head_chunks = 0
        self._in_head = True
        if self._head_timer is None:
            self._start_head_timer()

    def on_url(self, url: bytes) -> None:
        if not self._refused:
            super().on_url(url)
            self._count(len(url))

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self._refused:
            super().on_header(name, value)
            self._count(len(name) + len(value) + 4)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_head_timer()
        if not self._refused:
            super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # The keep-alive timer now guards the idle time; the next request's first byte
        # starts the head timer again.
        self._stop_head_timer()

    def _count(self, length: int) -> None:
        self._head_bytes += length
        if self._head_bytes > self.max_header_bytes:
            self._refuse(431, "Request header fields too large.")

    def _start_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is None or self.cycle.response_complete:
            log.info("http_head_timeout", timeout_s=self.header_timeout_s)
            self._refuse(408, "The request's headers did not arrive in time.")

    def _refuse(self, status: int, message: str) -> None:
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        self._stop_head_timer()
        reason = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}[status]
        body = message.encode("ascii")
        self.transport.write(
            b"HTTP/1.1 %d %s\r\n" % (status, reason)
            + b"content-type: text/plain; charset=utf-8\r\n"
            + b"content-length: %d\r\n" % len(body)
            + b"connection: close\r\n\r\n"
            + body
        )
        self.transport.close()


def http_options(settings: ServiceSettings) -> dict[str, Any]:
    """uvicorn.Config options for how a service treats its clients: request heads bounded,
    keep-alive as set, and forwarded headers believed only from the trusted proxies (uvicorn
    believes any from 127.0.0.1 by default, so a local client could pose as any address)."""
    proxies = list(settings.trusted_proxies)
    return {
        "proxy_headers": bool(proxies),
        **({"forwarded_allow_ips": proxies} if proxies else {}),
        "http": functools.partial(
            BoundedHttpToolsProtocol,
            max_header_bytes=settings.http_max_header_bytes,
            header_timeout_s=settings.http_header_timeout_s,
        ),
        "h11_max_incomplete_event_size": settings.http_max_header_bytes,
        "timeout_keep_alive": settings.http_keep_alive_s,
    }
