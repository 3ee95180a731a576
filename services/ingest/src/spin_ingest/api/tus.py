"""The tus 1.0 server under /files/ (core, creation, creation-with-upload, creation-defer-length,
termination, expiration, checksum with sha256).

Written here rather than taken from a library: the maintained Python tus servers (tuspyserver,
fastapi-tusd) write each upload to a file on local disk, which would put a whole-file
temporary copy of a 20 GB camera file on the ingest host and tie an upload to one replica.
These handlers stream into S3 multipart parts and keep their state in PostgreSQL instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from spin_contracts.claims import Principal
from starlette.requests import ClientDisconnect

from spin_ingest.api import refusals as refusals_map
from spin_ingest.api.principals import Uploader
from spin_ingest.domain import protocol
from spin_ingest.domain.refusals import Refusal, RefusalError
from spin_ingest.domain.upload import Upload
from spin_ingest.service import creation, lifecycle, metrics, receiving
from spin_ingest.service.appending import PatchRequest
from spin_ingest.service.closing import FinalRefusalError
from spin_ingest.service.context import Ingest

router = APIRouter(prefix="/files", tags=["tus uploads"])
# Optional to FastAPI: a missing one is refused by the protocol or the service, in tus's words.
TusHeader = Annotated[str | None, Header()]
# The tus refusals of each method (protocol, state, storage), besides token, path and limit.
REFUSALS: dict[str, frozenset[int]] = {
    "post": frozenset({400, 412, 413, 415, 429, 503}),
    "head": frozenset({404, 410, 412}),
    "patch": frozenset({400, 404, 409, 410, 412, 413, 415, 423, 460, 503}),
    "delete": frozenset({404, 409, 410, 412, 423, 503}),
}


def refusals(path: str, method: str) -> frozenset[int]:
    return REFUSALS.get(method, frozenset()) if path.startswith("/files") else frozenset()


class Problem(BaseModel):
    detail: str


def refusal_response(refused: RefusalError, request: Request) -> JSONResponse:
    """The refusal, its sentence in the language the request asks for."""
    metrics.count_failure(refusals_map.status_of(refused))
    wanted = request.headers.get("accept-language")
    detail = refusals_map.sentence(refused.template, refused.values, wanted)
    return JSONResponse(
        Problem(detail=detail).model_dump(),
        status_code=refusals_map.status_of(refused),
        headers={
            "Tus-Resumable": protocol.TUS_VERSION,
            **refusals_map.headers_of(refused),
            **refusals_map.language_headers(wanted),
        },
    )


class RequestBody:
    """The request body as chunks; a client that goes away simply ends it."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.interrupted = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.request.stream():
                if chunk:
                    yield chunk
        except ClientDisconnect:
            self.interrupted = True


def _ingest(request: Request) -> Ingest:
    ingest: Ingest = request.app.state.ingest
    return ingest


def _upload_headers(upload: Upload) -> dict[str, str]:
    headers = {
        "Tus-Resumable": protocol.TUS_VERSION,
        "Upload-Offset": str(upload.offset),
        "Upload-Expires": protocol.http_date(upload.expires_at),
        "Cache-Control": "no-store",
    }
    if upload.length is None:
        headers["Upload-Defer-Length"] = "1"
    else:
        headers["Upload-Length"] = str(upload.length)
    if upload.complete and upload.status == "completed":
        headers["Spin-Footage-Id"] = str(upload.duplicate_of or upload.footage_id)
    if upload.duplicate_of is not None:
        headers["Spin-Duplicate-Of"] = str(upload.duplicate_of)
    return headers


# The bare /files is served too, not redirected: a 307 costs a round trip, and behind a proxy its
# Location can name the wrong scheme or host, which a browser will not follow with the upload.
@router.options("", include_in_schema=False)
@router.options("/", status_code=204, summary="What this tus server supports")
@router.options("/{upload_id}", include_in_schema=False)
async def discover(request: Request) -> Response:
    settings = _ingest(request).settings
    return Response(
        status_code=204,
        headers={
            "Tus-Resumable": protocol.TUS_VERSION,
            "Tus-Version": protocol.TUS_VERSION,
            "Tus-Extension": ",".join(protocol.EXTENSIONS),
            "Tus-Max-Size": str(settings.max_upload_bytes),
            "Tus-Checksum-Algorithm": ",".join(protocol.CHECKSUM_ALGORITHMS),
        },
    )


@router.post("", status_code=201, include_in_schema=False)
@router.post("/", status_code=201, summary="Create an upload (optionally with its first bytes)")
async def create_upload(
    request: Request,
    principal: Uploader,
    tus_resumable: TusHeader = None,
    upload_length: TusHeader = None,
    upload_defer_length: TusHeader = None,
    upload_metadata: TusHeader = None,
    upload_checksum: TusHeader = None,
    content_type: TusHeader = None,
) -> Response:
    ingest = _ingest(request)

    async def created() -> Response:
        asked = creation.CreationRequest(upload_length, upload_defer_length, upload_metadata)
        upload = await creation.create(ingest, principal, asked)
        if content_type == protocol.OFFSET_OCTET_STREAM:
            upload = await _first_bytes(ingest, principal, upload, upload_checksum, request)
        location = str(request.url_for("upload_status", upload_id=upload.upload_id))
        return Response(status_code=201, headers={**_upload_headers(upload), "Location": location})

    return await _answered(request, tus_resumable, created)


async def _answered(
    request: Request, version: str | None, answer: Callable[[], Awaitable[Response]]
) -> Response:
    """A tus request's answer once its protocol version is accepted; a refusal as tus says."""
    try:
        protocol.require_version(version)
        return await answer()
    except RefusalError as refused:
        return refusal_response(refused, request)


async def _first_bytes(
    ingest: Ingest, principal: Principal, upload: Upload, checksum: str | None, request: Request
) -> Upload:
    """creation-with-upload: a refusal of the body still leaves the created upload usable."""
    patch = PatchRequest("0", None, checksum)
    try:
        return await receiving.receive(
            ingest, principal, upload.upload_id, patch, RequestBody(request)
        )
    except FinalRefusalError:
        raise
    except RefusalError:
        return await lifecycle.status(ingest, principal, upload.upload_id)


@router.head("/{upload_id}", name="upload_status", summary="The upload's true offset")
async def upload_status(
    request: Request,
    upload_id: UUID,
    principal: Uploader,
    tus_resumable: TusHeader = None,
) -> Response:
    try:
        protocol.require_version(tus_resumable)
        upload = await lifecycle.status(_ingest(request), principal, upload_id)
    except RefusalError as refused:
        return Response(
            status_code=refusals_map.status_of(refused),
            headers={"Tus-Resumable": protocol.TUS_VERSION, **refusals_map.headers_of(refused)},
        )
    headers = _upload_headers(upload)
    if upload.metadata_header:
        headers["Upload-Metadata"] = upload.metadata_header
    return Response(status_code=200, headers=headers)


@router.patch("/{upload_id}", status_code=204, summary="Append bytes at Upload-Offset")
async def append(
    request: Request,
    upload_id: UUID,
    principal: Uploader,
    tus_resumable: TusHeader = None,
    upload_offset: TusHeader = None,
    upload_length: TusHeader = None,
    upload_checksum: TusHeader = None,
    content_type: TusHeader = None,
) -> Response:
    async def appended() -> Response:
        if content_type != protocol.OFFSET_OCTET_STREAM:
            raise RefusalError(
                Refusal.UNSUPPORTED_MEDIA,
                "a PATCH body must be sent as %(type)s",
                type=protocol.OFFSET_OCTET_STREAM,
            )
        patch = PatchRequest(upload_offset, upload_length, upload_checksum)
        upload = await receiving.receive(
            _ingest(request), principal, upload_id, patch, RequestBody(request)
        )
        return Response(status_code=204, headers=_upload_headers(upload))

    return await _answered(request, tus_resumable, appended)


@router.delete("/{upload_id}", status_code=204, summary="Cancel an upload (termination)")
async def cancel(
    request: Request,
    upload_id: UUID,
    principal: Uploader,
    tus_resumable: TusHeader = None,
) -> Response:
    async def cancelled() -> Response:
        await lifecycle.terminate(_ingest(request), principal, upload_id)
        return Response(status_code=204, headers={"Tus-Resumable": protocol.TUS_VERSION})

    return await _answered(request, tus_resumable, cancelled)
