"""The planner served in-process against this test's own schema and topics, and its people."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from spin_contracts.claims import Role
from spin_planner.api.app import create_app
from spin_planner.settings import PlannerSettings
from spincore.auth import TokenIssuer

from tests.support.http import serving
from tests.support.isolation import Isolation

INSTITUTE = "spin-usa"
OTHER_INSTITUTE = "spin-nl"
AGENCY = "harbor-family"
OTHER_AGENCY = "beacon-care"


@dataclass(frozen=True)
class People:
    """Bearer headers of everyone the tests act as."""

    issuer: TokenIssuer

    def _headers(
        self, subject: str, role: Role, agency: str | None, institute: str = INSTITUTE
    ) -> dict[str, str]:
        token = self.issuer.mint(
            subject=subject, role=role, institute_id=institute, agency_id=agency
        )
        return {"Authorization": f"Bearer {token}"}

    @property
    def ops(self) -> dict[str, str]:
        return self._headers("ops", Role.SERVICE, None)

    @property
    def admin(self) -> dict[str, str]:
        return self._headers("admin-a", Role.AGENCY_ADMIN, AGENCY)

    @property
    def other_admin(self) -> dict[str, str]:
        return self._headers("admin-b", Role.AGENCY_ADMIN, OTHER_AGENCY)

    @property
    def dana(self) -> dict[str, str]:
        """An apprentice of lee."""
        return self._headers("dana-reyes", Role.PRACTITIONER, AGENCY)

    @property
    def sam(self) -> dict[str, str]:
        return self._headers("sam-ito", Role.PRACTITIONER, AGENCY)

    @property
    def lee(self) -> dict[str, str]:
        """Dana's supervisor."""
        return self._headers("lee-okafor", Role.SUPERVISOR, AGENCY)

    @property
    def pat(self) -> dict[str, str]:
        """A practitioner of the other agency."""
        return self._headers("pat-moss", Role.PRACTITIONER, OTHER_AGENCY)

    @property
    def staff(self) -> dict[str, str]:
        return self._headers("auditor", Role.INSTITUTE_STAFF, None)

    @property
    def foreign_staff(self) -> dict[str, str]:
        return self._headers("auditor-nl", Role.INSTITUTE_STAFF, None, OTHER_INSTITUTE)

    @property
    def uploader(self) -> dict[str, str]:
        token = self.issuer.mint(
            subject="camera",
            role=Role.SITE_UPLOADER,
            institute_id=INSTITUTE,
            agency_id=AGENCY,
            site_id="boston-north",
        )
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def people(issuer: TokenIssuer) -> People:
    return People(issuer)


async def seed_directory(client: httpx.AsyncClient, people: People) -> None:
    """Two agencies of one institute; lee supervises dana; pat works elsewhere. Set up by ops,
    the one role that may name ids (the tokens below carry them)."""
    steps = [
        ("/institutes", people.ops, {"id": INSTITUTE, "name": "SPIN USA", "country": "US"}),
        ("/institutes", people.ops, {"id": OTHER_INSTITUTE, "name": "SPIN NL", "country": "NL"}),
        ("/agencies", people.ops, {"id": AGENCY, "institute_id": INSTITUTE, "name": "Harbor"}),
        (
            "/agencies",
            people.ops,
            {"id": OTHER_AGENCY, "institute_id": INSTITUTE, "name": "Beacon"},
        ),
        ("/sites", people.ops, {"id": "boston-north", "agency_id": AGENCY, "name": "North"}),
        ("/sites", people.ops, {"id": "salem", "agency_id": OTHER_AGENCY, "name": "S"}),
        ("/practitioners", people.ops, _guide("lee-okafor", "boston-north")),
        (
            "/practitioners",
            people.ops,
            {
                **_guide("dana-reyes", "boston-north"),
                "apprenticeship_started_on": "2026-01-05",
                "supervisor_id": "lee-okafor",
            },
        ),
        ("/practitioners", people.ops, _guide("sam-ito", "boston-north")),
        ("/practitioners", people.ops, _guide("pat-moss", "salem")),
    ]
    for path, headers, body in steps:
        response = await client.post(path, json=body, headers=headers)
        assert response.status_code == 201, response.text


def _guide(practitioner_id: str, site_id: str) -> dict[str, str]:
    return {"id": practitioner_id, "site_id": site_id, "display_name": practitioner_id}


@dataclass(frozen=True)
class Served:
    app: FastAPI
    client: httpx.AsyncClient


@pytest.fixture
async def served_planner(isolated: Isolation, people: People) -> AsyncIterator[Served]:
    """A freshly started planner whose directory is seeded, and a client of it."""
    app = create_app(isolated.settings(PlannerSettings))
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
        await seed_directory(client, people)
        yield Served(app, client)


@pytest.fixture
def planner(served_planner: Served) -> httpx.AsyncClient:
    return served_planner.client
