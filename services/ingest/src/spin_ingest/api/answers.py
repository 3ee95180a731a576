"""Every answer under /files speaks tus and reaches the page that asked.

Tus-Resumable goes on every answer (tus 1.0 asks it of all but OPTIONS, which has it anyway),
also on those FastAPI makes itself: 401 and 403 from the token dependencies, 404, 405 and 422
of routing. An unexpected failure is answered here, inside the CORS middleware, with a 500 and
a sentence: Starlette's own 500 is made outside CORS, so a browser would hide it from the page.
The error is raised on, so it is logged as before.
"""

from __future__ import annotations

from spincore.i18n import N_
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spin_ingest.api import refusals
from spin_ingest.domain import protocol

FILES = "/files"
UNEXPECTED = N_(
    "the upload service failed unexpectedly; try again shortly (an upload resumes where it stopped)"
)


def _under_files(scope: Scope) -> bool:
    path: str = scope["path"]
    return path == FILES or path.startswith(FILES + "/")


class TusAnswers:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _under_files(scope):
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tus(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                if "tus-resumable" not in headers:
                    headers["Tus-Resumable"] = protocol.TUS_VERSION
            await send(message)

        try:
            await self.app(scope, receive, send_tus)
        except Exception:
            if not started:
                wanted = Headers(scope=scope).get("accept-language")
                detail = refusals.sentence(UNEXPECTED, {}, wanted)
                failed = JSONResponse({"detail": detail}, status_code=500)
                await failed(scope, receive, send_tus)
            raise
