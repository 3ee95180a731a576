"""The VIG cycle's planner steps, by public API: the directory, a case, its helping question,
filming consent and the filming session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
from spin_contracts.claims import Role

from tests.e2e.conftest import Stack

Json = dict[str, Any]


@dataclass(frozen=True)
class Directory:
    institute_id: str
    agency_id: str
    site_id: str
    practitioner_id: str


@dataclass(frozen=True)
class Timeline:
    """When things happened: all in the recent past, in the order of the cycle."""

    start: datetime

    def at(self, minutes: int) -> datetime:
        return self.start + timedelta(minutes=minutes)

    def iso(self, minutes: int) -> str:
        return self.at(minutes).isoformat()


def answered(response: httpx.Response, status: int) -> Json:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    body: Json = response.json()
    return body


def listed(response: httpx.Response) -> list[Json]:
    assert response.status_code == 200, f"{response.request.url}: {response.text}"
    items: list[Json] = response.json()
    return items


def planner_client(stack: Stack, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=stack.url("planner"), headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


def register_directory(stack: Stack) -> Directory:
    suffix = uuid4().hex[:8]
    d = Directory(f"inst-{suffix}", f"agency-{suffix}", f"site-{suffix}", f"guide-{suffix}")
    token = stack.issuer.mint(
        subject="e2e-operator", role=Role.SERVICE, institute_id=d.institute_id
    )
    with planner_client(stack, token) as service:
        answered(
            service.post(
                "/institutes", json={"id": d.institute_id, "name": "E2E Institute", "country": "NL"}
            ),
            201,
        )
        answered(
            service.post(
                "/agencies",
                json={"id": d.agency_id, "institute_id": d.institute_id, "name": "E2E Agency"},
            ),
            201,
        )
        answered(
            service.post(
                "/sites", json={"id": d.site_id, "agency_id": d.agency_id, "name": "E2E Site"}
            ),
            201,
        )
        answered(
            service.post(
                "/practitioners",
                json={"id": d.practitioner_id, "site_id": d.site_id, "display_name": "E2E Guide"},
            ),
            201,
        )
    return d


def practitioner(stack: Stack, d: Directory) -> httpx.Client:
    token = stack.issuer.mint(
        subject=d.practitioner_id,
        role=Role.PRACTITIONER,
        institute_id=d.institute_id,
        agency_id=d.agency_id,
        site_id=d.site_id,
    )
    return planner_client(stack, token)


def open_case(guide: httpx.Client, when: Timeline) -> Json:
    """The guide opens a case; the planner gives its code."""
    return answered(
        guide.post(
            "/cases",
            json={
                "delivery_setting": "birth_family_home",
                "caregivers": [{"relation": "mother", "age": 31, "name": "Marieke Jansen"}],
                "children": [{"age": 3, "name": "Sanne Jansen"}],
                "opened_on": when.start.date().isoformat(),
            },
        ),
        201,
    )


def record_helping_question(guide: httpx.Client, case_id: str, when: Timeline) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/helping-questions",
            json={
                "words": "How can I help her calm down at bedtime?",
                "goals": ["calmer bedtime"],
                "recorded_at": when.iso(1),
            },
        ),
        201,
    )


def grant_filming_consent(guide: httpx.Client, case_id: str, when: Timeline) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/consents", json={"purpose": "filming", "granted_at": when.iso(2)}
        ),
        201,
    )


def record_filming(guide: httpx.Client, case_id: str, when: Timeline, ref: str) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/sessions/filming",
            json={
                "held_at": when.iso(5),
                "duration_minutes": 45,
                "children_present": True,
                "filming_session_ref": ref,
            },
        ),
        201,
    )
