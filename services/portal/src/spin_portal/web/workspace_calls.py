"""One workspace request as the routes see it: the person signed in, the portal and the
planner that answers; and the relay of a page script's request to the planner.

Routes take one `PageCall` (a page or a script's read) or `ScriptCall` (a script's change,
CSRF-checked) instead of the same four dependencies each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response

from spin_portal.adapters.planner import Person, Planner
from spin_portal.domain.accounts import Viewer
from spin_portal.web.deps import Portal, PortalDep, ViewerDep
from spin_portal.web.workspace_deps import (
    PlannerDep,
    ScriptViewerDep,
    json_body,
    person,
    relayed,
)

IfMatch = Annotated[str | None, Header(alias="If-Match")]


@dataclass(frozen=True)
class WorkspaceCall:
    request: Request
    portal: Portal
    viewer: Viewer
    planner: Planner

    @property
    def caller(self) -> Person:
        """The person the planner sees for this viewer."""
        return person(self.request, self.viewer)

    async def read(self, path: str, **params: Any) -> Response:
        """A planner read passed on as it is, never cached: the planner's state moves."""
        response = relayed(await self.planner.get(self.caller, path, **params))
        response.headers["Cache-Control"] = "no-store"
        return response

    async def send(
        self, method: str, path: str, *, json: Any = None, if_match: str | None = None
    ) -> Response:
        """A change sent to the planner; its answer passed on as it is."""
        answer = await self.planner.call(self.caller, method, path, json=json, if_match=if_match)
        return relayed(answer)

    async def forward(self, method: str, path: str, *, if_match: str | None = None) -> Response:
        """The script's own JSON body sent on to the planner (as `send`)."""
        body = await json_body(self.request)
        return await self.send(method, path, json=body, if_match=if_match)


def _page_call(
    request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> WorkspaceCall:
    return WorkspaceCall(request, portal, viewer, planner)


def _script_call(
    request: Request, portal: PortalDep, viewer: ScriptViewerDep, planner: PlannerDep
) -> WorkspaceCall:
    return WorkspaceCall(request, portal, viewer, planner)


PageCall = Annotated[WorkspaceCall, Depends(_page_call)]
ScriptCall = Annotated[WorkspaceCall, Depends(_script_call)]
