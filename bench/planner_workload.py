"""The planner bench's workload: the directory and the cases it seeds, and the fixed mix of a
practitioner's common reads and writes."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import aiohttp
import httpx
from spin_contracts.claims import Role
from spincore.auth import TokenIssuer

from bench.planner_load import Job, Latencies, Request, call, in_parallel, timed

INSTITUTE, AGENCY, SITE = "bench-inst", "bench-agency", "bench-site"


class People:
    def __init__(self, issuer: TokenIssuer, practitioners: int) -> None:
        self.issuer = issuer
        self.guides = [f"guide-{n:03d}" for n in range(practitioners)]

    def headers(self, subject: str, role: Role, agency: str | None = AGENCY) -> dict[str, str]:
        token = self.issuer.mint(
            subject=subject,
            role=role,
            institute_id=INSTITUTE,
            agency_id=agency,
            valid_for=timedelta(hours=2),
        )
        return {"Authorization": f"Bearer {token}"}


async def checked(response: Awaitable[httpx.Response]) -> dict[str, Any]:
    answer = await response
    if answer.status_code >= 300:
        raise RuntimeError(f"{answer.request.url}: {answer.status_code} {answer.text}")
    body: dict[str, Any] = answer.json()
    return body


async def seed_directory(client: httpx.AsyncClient, people: People) -> None:
    ops = people.headers("bench", Role.SERVICE, None)
    await checked(
        client.post(
            "/institutes", json={"id": INSTITUTE, "name": "B", "country": "US"}, headers=ops
        )
    )
    await checked(
        client.post(
            "/agencies", json={"id": AGENCY, "institute_id": INSTITUTE, "name": "B"}, headers=ops
        )
    )
    await checked(
        client.post("/sites", json={"id": SITE, "agency_id": AGENCY, "name": "B"}, headers=ops)
    )
    for guide in people.guides:
        body = {"id": guide, "site_id": SITE, "display_name": guide}
        await checked(client.post("/practitioners", json=body, headers=ops))


def new_case_body(n: int) -> dict[str, Any]:
    return {
        "delivery_setting": "birth_family_home",
        "caregivers": [{"relation": "mother"}],
        "children": [{"age": n % 18}],
        "opened_on": (date.today() - timedelta(days=60)).isoformat(),
        "self_rating_start": 1 + n % 10,
    }


async def seed_cases(
    base: str, people: People, count: int, clients: int, latencies: Latencies
) -> list[tuple[str, dict[str, str]]]:
    """Open `count` cases spread over the guides (timed as the write `open case`)."""
    cases: list[tuple[str, dict[str, str]]] = []
    guide_headers = [people.headers(g, Role.PRACTITIONER) for g in people.guides]

    def opener(n: int) -> Job:
        headers = guide_headers[n % len(guide_headers)]

        async def job(session: aiohttp.ClientSession) -> None:
            started = time.perf_counter()
            status, body = await call(
                session, "POST", "/cases", json=new_case_body(n), headers=headers
            )
            if status != 201:
                raise RuntimeError(f"POST /cases: {status} {body.decode()}")
            latencies.by_operation["POST /cases"].append((time.perf_counter() - started) * 1000)
            cases.append((json.loads(body)["id"], headers))

        return job

    await in_parallel(base, [opener(n) for n in range(count)], clients)
    return cases


def workload(
    people: People,
    cases: list[tuple[str, dict[str, str]]],
    requests: int,
    latencies: Latencies,
) -> list[Job]:
    """The common reads and writes of a practitioner's day, in a fixed mix."""
    admin = people.headers("admin", Role.AGENCY_ADMIN)
    jobs = []
    for n in range(requests):
        case_id, headers = cases[(n * 7919) % len(cases)]
        name, request = operation(n, case_id, headers, admin)
        jobs.append(timed(latencies, name, request))
    return jobs


def operation(
    n: int, case_id: str, headers: dict[str, str], admin: dict[str, str]
) -> tuple[str, Request]:
    """The n-th request of the mix: four reads and two writes in turn."""
    held_at = (datetime.now(UTC) - timedelta(days=1, minutes=n)).isoformat()
    case = f"/cases/{case_id}"
    match n % 6:
        case 0:
            return "GET /cases/{id}", partial(call, method="GET", url=case, headers=headers)
        case 1:
            mine = {"limit": 20}
            return "GET /cases (mine)", partial(
                call, method="GET", url="/cases", params=mine, headers=headers
            )
        case 2:
            open_: dict[str, str | int] = {"status": "open", "limit": 50}
            return "GET /cases (agency)", partial(
                call, method="GET", url="/cases", params=open_, headers=admin
            )
        case 3:
            return "GET /cases/{id}/sessions", partial(
                call, method="GET", url=f"{case}/sessions", headers=headers
            )
        case 4:
            question = {"words": "why does bedtime end in a fight?", "recorded_at": held_at}
            return "POST helping question", partial(
                call, method="POST", url=f"{case}/helping-questions", json=question, headers=headers
            )
        case _:
            filming = {"held_at": held_at, "duration_minutes": 45, "children_present": True}
            return "POST filming session", partial(
                call, method="POST", url=f"{case}/sessions/filming", json=filming, headers=headers
            )
