"""CORS for pages that upload from a browser: the portal always, SPIN_CORS_ORIGINS besides.

Starlette's middleware checks origin, method and requested headers. A preflight it lets
through answers 204 here (the Fetch standard and tus clients take any 2xx), and every answer to
an allowed origin, errors included, carries the CORS headers: without them a browser hides the
answer, and its sentence, from the page.
"""

from __future__ import annotations

from pydantic import AnyHttpUrl
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from spin_ingest.settings import IngestSettings

TUS_HEADERS = [
    "Location",
    "Tus-Resumable",
    "Tus-Version",
    "Tus-Extension",
    "Tus-Max-Size",
    "Tus-Checksum-Algorithm",
    "Upload-Offset",
    "Upload-Length",
    "Upload-Defer-Length",
    "Upload-Metadata",
    "Upload-Expires",
    "Spin-Footage-Id",
    "Spin-Duplicate-Of",
]
# Besides the tus headers a page may read why to wait (429, 503) and the id support asks for.
EXPOSED_HEADERS = [*TUS_HEADERS, "Retry-After", "X-Correlation-ID", "Content-Language"]
ALLOWED_METHODS = ["POST", "HEAD", "PATCH", "DELETE", "OPTIONS"]
# What tus-js-client (and Uppy through it) sends, including its X-HTTP-Method-Override mode.
ALLOWED_HEADERS = [
    "Authorization",
    "Tus-Resumable",
    "Upload-Length",
    "Upload-Metadata",
    "Upload-Offset",
    "Upload-Checksum",
    "Upload-Defer-Length",
    "Upload-Concat",
    "Content-Type",
    "X-Requested-With",
    "X-HTTP-Method-Override",
    "Accept-Language",  # the page's language, for refusals in it (CORS-safelisted, said anyway)
]
# Chromium keeps a preflight at most two hours, whatever a server says.
PREFLIGHT_MAX_AGE_S = 7200
DEFAULT_PORTS = {"http": 80, "https": 443}
# People type either name for the same machine; a page's origin is whatever they typed.
LOOPBACK_TWINS = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}


def _origin(scheme: str, host: str, port: int | None) -> str:
    shown = "" if port is None or port == DEFAULT_PORTS.get(scheme) else f":{port}"
    return f"{scheme}://{host}{shown}"


def portal_origins(portal_url: AnyHttpUrl) -> list[str]:
    """The portal's origin, and its loopback twin when it is served on this machine."""
    host = portal_url.host or ""
    hosts = [host, LOOPBACK_TWINS[host]] if host in LOOPBACK_TWINS else [host]
    return [_origin(portal_url.scheme, name, portal_url.port) for name in hosts]


def browser_origins(settings: IngestSettings) -> list[str]:
    """Every origin allowed to upload; a trailing slash in SPIN_CORS_ORIGINS is forgiven."""
    origins = [*portal_origins(settings.portal_url)]
    origins += [origin.rstrip("/") for origin in settings.cors_origins]
    return list(dict.fromkeys(origins))


class UploadCORS(CORSMiddleware):
    """Starlette's CORS for the tus methods and headers, answering preflights with 204."""

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=ALLOWED_METHODS,
            allow_headers=ALLOWED_HEADERS,
            expose_headers=EXPOSED_HEADERS,
            max_age=PREFLIGHT_MAX_AGE_S,
        )
        self.preflight_headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)

    def preflight_response(self, request_headers: Headers) -> Response:
        checked = super().preflight_response(request_headers)
        if checked.status_code != 200:  # a refusal keeps its explaining text
            return checked
        headers = {
            name: value
            for name, value in checked.headers.items()
            if name not in ("content-length", "content-type")
        }
        return Response(status_code=204, headers=headers)
