"""A few cases recorded now, as a practitioner would: through the planner's REST API, with
their videos through ingest's tus API and transcode, and moments marked once transcoded.

Every step first looks for what an earlier run made, so a second run adds nothing.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from spin_contracts.digest import file_sha256

from spin_demo.directory import Directory, Practitioner
from spin_demo.planner_api import DemoError, Planner, Tokens
from spin_demo.videos import Report, VideoOptions, film, upload_once_consent_is_known

PURPOSES = ("filming", "supervision_viewing")
DONE = {"ready", "failed"}


def filming_guides(found: Directory, count: int) -> list[Practitioner]:
    """One guide per agency, in agency order: its first apprentice (who has a supervisor to
    log in too), else its first guide."""
    chosen = []
    for agency, _, _ in found.agencies[:count]:
        guides = [g for g in found.guides if g.place.agency_id == agency]
        apprentices = [g for g in guides if g.supervisor_id]
        chosen.extend((apprentices or guides)[:1])
    return chosen


def live_code(guide: Practitioner) -> str:
    return f"LIVE-{guide.id.upper()}"


@dataclass(frozen=True)
class LiveCase:
    """One case of one guide, worked through step by step."""

    planner: Planner
    tokens: Tokens
    guide: Practitioner
    report: Report

    @property
    def me(self) -> dict[str, str]:
        return self.tokens.practitioner(self.guide)

    async def open(self, today: date) -> dict[str, Any]:
        """The guide's live case, opened once: the demo names its code (only the service role
        may), so a second run finds the case it opened before."""
        body = {
            "case_code": live_code(self.guide),
            "practitioner_id": self.guide.id,
            "delivery_setting": "birth_family_home",
            "caregivers": [{"relation": "mother"}],
            "children": [{"age": 4}],
            "opened_on": (today - timedelta(days=21)).isoformat(),
            "self_rating_start": 4,
        }
        case = await self.planner.create("/cases", body, self.tokens.ops())
        if case is None:
            mine = await self.planner.get(
                "/cases", self.me, practitioner_id=self.guide.id, status="open", limit=200
            )
            case = next(c for c in mine["items"] if c["case_code"] == body["case_code"])
        return case

    async def consent_and_question(self, case_id: str, now: datetime) -> str:
        path = f"/cases/{case_id}"
        granted = {c["purpose"] for c in await self.planner.get(f"{path}/consents", self.me)}
        for purpose in PURPOSES:
            if purpose not in granted:
                body = {"purpose": purpose, "granted_at": (now - timedelta(days=20)).isoformat()}
                await self.planner.create(f"{path}/consents", body, self.me)
        questions = await self.planner.get(f"{path}/helping-questions", self.me)
        if questions:
            return str(questions[0]["id"])
        body = {
            "words": "How can I help her settle after nursery?",
            "recorded_at": (now - timedelta(days=19)).isoformat(),
        }
        created = await self.planner.create(f"{path}/helping-questions", body, self.me)
        assert created is not None
        return str(created["id"])

    async def film_and_upload(
        self, case: dict[str, Any], index: int, options: VideoOptions, folder: Path
    ) -> str:
        """Record the filming, film it and upload it; the footage id."""
        now, ref = datetime.now(UTC), f"live-film-{index + 1}"
        body = {
            "held_at": (now - timedelta(hours=1)).isoformat(),
            "duration_minutes": 60,
            "children_present": True,
            "filming_session_ref": ref,
        }
        await self.planner.create(f"/cases/{case['id']}/sessions/filming", body, self.me)
        seconds = options.seconds(index)
        self.report(f"video {index + 1}: filming {seconds} s for case {case['case_code']}")
        path = await asyncio.to_thread(film, folder, index, seconds, options.size)
        metadata = {
            "case_code": case["case_code"],
            "site": self.guide.place.site_id,
            "filming_session_id": ref,
            "filmed_at": body["held_at"],
            "filename": path.name,
            "device": "SPIN demo (ffmpeg testsrc2)",
            "sha256": await asyncio.to_thread(file_sha256, path),
        }
        self.report(f"  uploading {path.name} ({path.stat().st_size / 1e6:.1f} MB) over tus")
        uploaded = await upload_once_consent_is_known(
            options, self.tokens.uploader(self.guide), path, metadata, self.report
        )
        state = "already uploaded earlier" if uploaded.duplicate else "uploaded"
        self.report(f"  {state}: footage {uploaded.footage_id}")
        return str(uploaded.footage_id)

    async def transcoded(self, case_id: str, footage_id: str, deadline: float) -> dict[str, Any]:
        """The footage as the planner knows it once transcode is done (or the deadline)."""
        while True:
            known = await self.planner.get(f"/cases/{case_id}/footage", self.me)
            footage = next((f for f in known if f["id"] == footage_id), None)
            if footage is not None and footage["status"] in DONE:
                return dict(footage)
            if time.monotonic() > deadline:
                raise DemoError(
                    f"footage {footage_id} was not transcoded in time "
                    "(the portal's pipeline-health page shows the backlog)"
                )
            await asyncio.sleep(1)

    async def mark_and_review(self, case_id: str, footage: dict[str, Any], question: str) -> int:
        """Two moments on the footage and a shared review showing them; how many are new."""
        path = f"/cases/{case_id}"
        marked = await self.planner.get(f"{path}/moments", self.me, footage_id=footage["id"])
        if marked["total"]:
            return 0
        length = float(footage["duration_s"])
        moments = []
        for n, (kind, principle) in enumerate(
            [("strength", "receiving_initiatives"), ("working_point", "guiding")]
        ):
            body = {
                "footage_id": footage["id"],
                "start_s": round(length * (0.2 + 0.4 * n), 1),
                "end_s": round(length * (0.3 + 0.4 * n), 1),
                "principles": [principle],
                "kind": kind,
                "helping_question_id": question,
            }
            created = await self.planner.create(f"{path}/moments", body, self.me)
            assert created is not None
            moments.append(created["id"])
        review = {
            "held_at": datetime.now(UTC).isoformat(),
            "duration_minutes": 45,
            "clips_shown": moments,
            "homework": "name what she does well, once a day",
        }
        await self.planner.create(f"{path}/sessions/shared-review", review, self.me)
        return len(moments)


async def record_live(
    planner: Planner,
    tokens: Tokens,
    guides: list[Practitioner],
    options: VideoOptions,
    report: Report,
) -> None:
    """One live case per guide: recorded, filmed, uploaded, transcoded, micro-analysed."""
    now = datetime.now(UTC)
    work = []
    with tempfile.TemporaryDirectory(prefix="spin-demo-") as folder:
        for index, guide in enumerate(guides):
            live = LiveCase(planner, tokens, guide, report)
            case = await live.open(now.date())
            question = await live.consent_and_question(case["id"], now)
            footage_id = await live.film_and_upload(case, index, options, Path(folder))
            work.append((live, case, question, footage_id))
    deadline = time.monotonic() + options.transcode_within_s
    for live, case, question, footage_id in work:
        footage = await live.transcoded(case["id"], footage_id, deadline)
        if footage["status"] != "ready":
            report(f"video of case {case['case_code']}: failed: {footage['failure_reason']}")
            continue
        marked = await live.mark_and_review(case["id"], footage, question)
        report(f"video of case {case['case_code']}: transcoded; {marked} new moments marked")
