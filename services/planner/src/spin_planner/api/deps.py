"""What routes declare they need: the caller (by role), the units of work, paging, If-Match."""

from __future__ import annotations

from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, Header, Query, Request, Response
from pydantic import BaseModel
from spin_contracts.claims import Principal, Role
from spincore.auth.guard import require_roles

from spin_planner.domain.concurrency import etag
from spin_planner.service.units import Planner

MAX_OFFSET = 1_000_000_000
V = TypeVar("V", bound=BaseModel)


# Dependencies are coroutines: a plain function would cost a thread-pool hop per request.
async def _planner(request: Request) -> Planner:
    planner: Planner = request.app.state.planner
    return planner


PlannerDep = Annotated[Planner, Depends(_planner)]

_GUIDES = (Role.PRACTITIONER, Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.SERVICE)
# Work on cases (and reading what families said) is for the agency's own people.
Guide = Annotated[Principal, Depends(require_roles(*_GUIDES))]
# Case metadata and the directory are also open to the institute's staff.
Reader = Annotated[Principal, Depends(require_roles(*_GUIDES, Role.INSTITUTE_STAFF))]
AgencyManager = Annotated[Principal, Depends(require_roles(Role.AGENCY_ADMIN, Role.SERVICE))]
InstituteManager = Annotated[Principal, Depends(require_roles(Role.INSTITUTE_STAFF, Role.SERVICE))]
Operator = Annotated[Principal, Depends(require_roles(Role.SERVICE))]
SupervisionRecorder = Annotated[
    Principal, Depends(require_roles(Role.SUPERVISOR, Role.AGENCY_ADMIN, Role.SERVICE))
]

Limit = Annotated[int, Query(ge=1, le=200, description="page size")]
# PostgreSQL's OFFSET is a bigint: a larger one failed the listing instead of answering 422.
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]


# A header parameter of the route, read there (`expected_version`): a dependency that refused
# a missing or bad If-Match would answer before the path and body are validated.
IfMatch = Annotated[str | None, Header(description="the ETag of the version this edit is based on")]


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


def tagged(response: Response, view: type[V], record: Versioned) -> V:
    """`record` as its `view`, with its version as the response's ETag."""
    response.headers["ETag"] = etag(record.version)
    return view.model_validate(record)
