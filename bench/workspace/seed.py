"""The bench's own data, through the public APIs: a directory through the planner (service
token), portal accounts (the `spin-portal-admin create-user` code path), each practitioner's
cases with a helping question, a filming consent and a filming (planner, their own token),
and one short video per practitioner uploaded through the workspace and transcoded."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
from spin_contracts.claims import Role
from spin_portal.adapters.accounts import create_user
from spin_portal.domain.accounts import PortalRole
from spin_portal.settings import PortalSettings
from spincore.db import make_engine

from bench.workspace import tus
from bench.workspace.stack import ROOT, Stack, checked, logged_in

CACHE = ROOT / "var" / "bench"
WRITERS = 8  # planner writes in flight while seeding
READY_WAIT_S = 900.0
UPLOADS_AT_ONCE = 2


@dataclass
class Case:
    case_id: str
    session_id: str


@dataclass
class Practitioner:
    practitioner_id: str
    site_id: str
    username: str
    password: str
    cases: list[Case] = field(default_factory=list)
    player_url: str | None = None


@dataclass
class Cohort:
    run: str
    institute_id: str
    agency_id: str
    practitioners: list[Practitioner]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, path: Path) -> Cohort:
        raw = json.loads(path.read_text())
        people = [
            Practitioner(**{**p, "cases": [Case(**c) for c in p["cases"]]})
            for p in raw.pop("practitioners")
        ]
        return cls(**raw, practitioners=people)


def new_cohort(practitioners: int, sites: int) -> Cohort:
    run = uuid4().hex[:6]
    people = [
        Practitioner(
            practitioner_id=f"wsb-{run}-p{n:03d}",
            site_id=f"wsb-{run}-s{n % sites}",
            username=f"wsb-{run}-p{n:03d}",
            password=f"pw-{uuid4().hex}",
        )
        for n in range(practitioners)
    ]
    return Cohort(run, f"wsb-{run}-inst", f"wsb-{run}-agency", people)


async def register_directory(stack: Stack, cohort: Cohort) -> None:
    token = stack.service_token(cohort.institute_id)
    sites = sorted({p.site_id for p in cohort.practitioners})
    calls: list[tuple[str, dict[str, Any]]] = [
        ("/institutes", {"id": cohort.institute_id, "name": "Bench", "country": "NL"}),
        ("/agencies", {"id": cohort.agency_id, "institute_id": cohort.institute_id, "name": "B"}),
        *(("/sites", {"id": s, "agency_id": cohort.agency_id, "name": s}) for s in sites),
    ]
    calls += [
        ("/practitioners", {"id": p.practitioner_id, "site_id": p.site_id, "display_name": "B"})
        for p in cohort.practitioners
    ]
    async with httpx.AsyncClient(
        base_url=stack.url("planner"), headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as planner:
        for path, entry in calls:
            checked(await planner.post(path, json=entry), 201)


async def create_accounts(stack: Stack, cohort: Cohort) -> None:
    """What `spin-portal-admin create-user --role practitioner` does, for every practitioner
    in one process (fifty interpreters starting would cost minutes on two cores)."""
    settings = PortalSettings(_env_file=stack.env_file, db_schema="portal")
    engine = make_engine(settings, pool_size=1)
    try:
        async with engine.begin() as conn:
            for p in cohort.practitioners:
                await create_user(
                    conn,
                    username=p.username,
                    password=p.password,
                    role=PortalRole.PRACTITIONER,
                    institute_id=cohort.institute_id,
                    agency_id=cohort.agency_id,
                    site_id=p.site_id,
                    practitioner_id=p.practitioner_id,
                )
    finally:
        await engine.dispose()


def _ago(minutes: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat()


def planner_client(stack: Stack, cohort: Cohort, who: Practitioner) -> httpx.AsyncClient:
    """What the portal's planner adapter sends: the practitioner's own token."""
    token = stack.issuer.mint(
        subject=who.practitioner_id,
        role=Role.PRACTITIONER,
        institute_id=cohort.institute_id,
        agency_id=cohort.agency_id,
        site_id=who.site_id,
    )
    return httpx.AsyncClient(
        base_url=stack.url("planner"), headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


async def open_cases(
    stack: Stack, cohort: Cohort, who: Practitioner, codes: list[str], writers: asyncio.Semaphore
) -> None:
    """Cases (by code suffix) each with a helping question, a filming consent, a filming."""
    async with planner_client(stack, cohort, who) as planner:

        async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            async with writers:
                made: dict[str, Any] = checked(await planner.post(path, json=body), 201).json()
                return made

        for _ in codes:
            case = await post("/cases", _new_case())
            base = f"/cases/{case['id']}"
            await post(f"{base}/helping-questions", {"words": "How?", "recorded_at": _ago(50)})
            await post(f"{base}/consents", {"purpose": "filming", "granted_at": _ago(40)})
            filming = {"held_at": _ago(30), "duration_minutes": 30, "children_present": True}
            session = await post(f"{base}/sessions/filming", filming)
            who.cases.append(Case(str(case["id"]), str(session["id"])))


def _new_case() -> dict[str, Any]:
    """A case the practitioner opens; the planner gives its code."""
    return {
        "delivery_setting": "birth_family_home",
        "caregivers": [{"relation": "mother"}],
        "children": [{"age": 3}],
        # The day before: the question, consent and filming come minutes before now, which
        # may be yesterday (UTC) shortly after midnight.
        "opened_on": (datetime.now(UTC) - timedelta(days=1)).date().isoformat(),
    }


def short_clip(seconds: int = 4) -> Path:
    """A small 640x360 camera-like file (H.264/AAC), made once and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"workspace-clip-{seconds}s.mp4"
    if not path.exists():
        partial = path.with_suffix(".partial.mp4")
        subprocess.run(
            [
                *("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"),
                *("-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={seconds}"),
                *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
                *("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"),
                str(partial),
            ],
            check=True,
        )
        partial.rename(path)
    return path


async def make_playable(who: Practitioner, clip: Path, uploads: asyncio.Semaphore) -> None:
    """Upload through the workspace into the first case and wait for its player page."""
    async with uploads:  # the login too: the portal verifies passwords on its event loop
        portal = await logged_in(who.username, who.password)
    try:
        case = who.cases[0]
        async with uploads:
            await tus.upload(portal, case.case_id, case.session_id, clip)
        who.player_url = await tus.wait_ready(portal, case.case_id, READY_WAIT_S, every_s=2)
    finally:
        await portal.aclose()


async def seed(stack: Stack, practitioners: int, cases: int) -> Cohort:
    cohort = new_cohort(practitioners, sites=max(1, practitioners // 10))
    started = time.perf_counter()
    await register_directory(stack, cohort)
    await create_accounts(stack, cohort)
    writers, codes = asyncio.Semaphore(WRITERS), [f"{n:02d}" for n in range(cases)]
    await asyncio.gather(
        *(open_cases(stack, cohort, p, codes, writers) for p in cohort.practitioners)
    )
    print(
        f"seeded run {cohort.run}: {practitioners} practitioners with accounts, "
        f"{practitioners * cases} cases in {time.perf_counter() - started:.0f} s"
    )
    return cohort


async def add_footage(cohort: Cohort, with_footage: int) -> None:
    """A playable footage in the first case of the first `with_footage` practitioners."""
    lacking = [p for p in cohort.practitioners[:with_footage] if not p.player_url]
    if not lacking:
        return
    started, clip = time.perf_counter(), short_clip()
    uploads = asyncio.Semaphore(UPLOADS_AT_ONCE)
    await asyncio.gather(*(make_playable(p, clip, uploads) for p in lacking))
    print(
        f"{len(lacking)} footage uploaded through the workspace and transcoded "
        f"in {time.perf_counter() - started:.0f} s"
    )
