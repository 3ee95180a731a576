"""Security headers on every portal answer.

The pages run only scripts served from the portal itself (no inline scripts: data reaches
them in data-* attributes), load footage and scrub sprites straight from object storage
through signed links, and upload straight to ingest, so those two origins are the only
others a page may reach. No page may be framed by another site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spin_portal.settings import PortalSettings


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: PortalSettings) -> str:
    storage = f"{'https' if settings.s3_secure else 'http'}://{settings.s3_endpoint}"
    ingest = origin_of(settings.ingest_public_url)
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            # Existing pages colour table cells with style attributes; scripts set styles too.
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {storage}",
            f"media-src 'self' blob: {storage}",
            f"connect-src 'self' {ingest} {storage}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


class SecurityHeaders:
    """Plain ASGI middleware (no extra task per request, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp, settings: PortalSettings) -> None:
        self.app = app
        self.headers = {
            "Content-Security-Policy": content_security_policy(settings),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "DENY",
        }
        if settings.secure_cookies:
            self.headers["Strict-Transport-Security"] = "max-age=31536000"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = not scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if private:
                    # Pages carry case data: never kept by a browser or a proxy.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
