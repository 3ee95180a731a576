"""The planner's public REST API as the demo uses it, with tokens minted by the ops key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from spin_contracts.claims import Role
from spincore.auth import TokenIssuer

from spin_demo.directory import Directory, Practitioner

CREATED, CONFLICT = 201, 409


class DemoError(Exception):
    """A step of the demo the stack refused; the message says which and why."""


@dataclass(frozen=True)
class Tokens:
    """Tokens as `spin-auth mint` makes them, for the demo's few hours of work."""

    issuer: TokenIssuer

    def headers(
        self, subject: str, role: Role, institute: str, agency: str | None = None, **scope: str
    ) -> dict[str, str]:
        token = self.issuer.mint(
            subject=subject,
            role=role,
            institute_id=institute,
            agency_id=agency,
            site_id=scope.get("site"),
            valid_for=timedelta(hours=2),
        )
        return {"Authorization": f"Bearer {token}"}

    def ops(self) -> dict[str, str]:
        return self.headers("spin-demo", Role.SERVICE, "*")

    def practitioner(self, who: Practitioner) -> dict[str, str]:
        place = who.place
        return self.headers(who.id, Role.PRACTITIONER, place.institute_id, place.agency_id)

    def uploader(self, who: Practitioner) -> dict[str, str]:
        place = who.place
        return self.headers(
            f"spin-demo-camera-{place.site_id}",
            Role.SITE_UPLOADER,
            place.institute_id,
            place.agency_id,
            site=place.site_id,
        )


@dataclass(frozen=True)
class Planner:
    client: httpx.AsyncClient

    async def create(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any] | None:
        """POST `body`; the created resource, or None when it exists already (a rerun)."""
        response = await self.client.post(path, json=body, headers=headers)
        if response.status_code == CONFLICT:
            return None
        created: dict[str, Any] = _answer(response, CREATED)
        return created

    async def get(self, path: str, headers: dict[str, str], **params: Any) -> Any:
        return _answer(await self.client.get(path, params=params, headers=headers), 200)


def _answer(response: httpx.Response, expected: int) -> Any:
    if response.status_code != expected:
        detail = response.text[:300]
        raise DemoError(
            f"the planner answered {response.status_code} to {response.request.method} "
            f"{response.request.url.path}: {detail}"
        )
    return response.json()


async def register_directory(planner: Planner, tokens: Tokens, found: Directory) -> int:
    """Register what is missing of `found` (as ops); how many entries were new."""
    ops = tokens.ops()
    bodies: list[tuple[str, dict[str, Any]]] = [
        ("/institutes", {"id": i, "name": n, "country": c}) for i, n, c in found.institutes
    ]
    bodies += [("/agencies", {"id": a, "institute_id": i, "name": n}) for a, i, n in found.agencies]
    bodies += [
        ("/sites", {"id": p.site_id, "agency_id": p.agency_id, "name": n}) for p, n in found.sites
    ]
    bodies += [
        (
            "/practitioners",
            {
                "id": p.id,
                "site_id": p.place.site_id,
                "display_name": p.display_name,
                "apprenticeship_started_on": p.apprenticeship_started_on.isoformat()
                if p.apprenticeship_started_on
                else None,
                "supervisor_id": p.supervisor_id,
            },
        )
        for p in [*found.supervisors, *found.guides]
    ]
    new = 0
    for path, body in bodies:
        new += await planner.create(path, body, ops) is not None
    return new
