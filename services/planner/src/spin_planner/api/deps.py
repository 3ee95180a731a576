"""What routes declare they need: the caller (by role), a unit of work, paging, If-Match."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Query, Request, Response
from spin_contracts.claims import Principal, Role
from spincore.auth.guard import require_roles
from spincore.runtime import Runtime

from spin_planner.domain.concurrency import etag
from spin_planner.domain.errors import Conflict
from spin_planner.service.work import Outdated, Work, reading, unit_of_work

T = TypeVar("T")
APPEND_ATTEMPTS = 3
MAX_OFFSET = 1_000_000_000


class Planner:
    """The running service as routes see it."""

    def __init__(self, runtime: Runtime, reel_max_length_s: float) -> None:
        self.runtime = runtime
        self.reel_max_length_s = reel_max_length_s

    @asynccontextmanager
    async def work(self, principal: Principal) -> AsyncIterator[Work]:
        async with unit_of_work(
            self.runtime.engine, principal, self.runtime.settings.topic_prefix
        ) as work:
            yield work
        if work.staged:
            self.runtime.relay.wake()

    async def append(self, principal: Principal, record: Callable[[Work], Awaitable[T]]) -> T:
        """Run `record`, which reads and then writes one guarded statement, without a
        transaction (two round trips fewer); again if what it read changed in between."""
        for _ in range(APPEND_ATTEMPTS):
            try:
                async with self.read(principal) as work:
                    result = await record(work)
            except Outdated:
                continue
            if work.staged:
                self.runtime.relay.wake()
            return result
        raise Conflict("the case kept changing while this was being recorded: please try again")

    @asynccontextmanager
    async def read(self, principal: Principal) -> AsyncIterator[Work]:
        async with reading(
            self.runtime.engine, principal, self.runtime.settings.topic_prefix
        ) as work:
            yield work


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


def tag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)
