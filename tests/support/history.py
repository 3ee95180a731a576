"""A small coherent case history (and a supervision) of the planner tests' directory."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from spin_planner.models.history import HistoryCase, HistorySupervision

OPENED = date(2025, 3, 3)


def at(days: float) -> datetime:
    return datetime(2025, 3, 3, 9, tzinfo=UTC) + timedelta(days=days)


def a_case(code: str = "HIST-0001") -> HistoryCase:
    footage, question, moment = uuid4(), uuid4(), uuid4()
    return HistoryCase.model_validate(
        {
            "id": uuid4(),
            "case_code": code,
            "practitioner_id": "dana-reyes",
            "delivery_setting": "birth_family_home",
            "caregivers": [{"relation": "mother", "name": "Ann"}],
            "children": [{"age": 3}],
            "opened_on": OPENED,
            "consents": [{"id": uuid4(), "purpose": "filming", "granted_at": at(0.1)}],
            "questions": [{"id": question, "words": "How do I calm him?", "recorded_at": at(1)}],
            "sessions": _sessions(moment),
            "footage": [
                {
                    "id": footage,
                    "filming_session_ref": "film-1",
                    "filmed_at": at(2),
                    "uploaded_at": at(2.5),
                    "duration_s": 600,
                }
            ],
            "moments": [
                {
                    "id": moment,
                    "footage_id": footage,
                    "start_s": 12,
                    "end_s": 20,
                    "principles": ["receiving_initiatives"],
                    "kind": "strength",
                    "helping_question_id": question,
                    "marked_at": at(5),
                }
            ],
            "closure": {"closed_on": "2025-03-20", "reason": "completed"},
        }
    )


def _sessions(moment: UUID) -> list[dict[str, Any]]:
    """A filming, then the shared review that shows its one moment."""
    return [
        {
            "id": uuid4(),
            "kind": "filming",
            "held_at": at(2),
            "duration_minutes": 60,
            "children_present": True,
            "filming_session_ref": "film-1",
        },
        {
            "id": uuid4(),
            "kind": "shared_review",
            "held_at": at(6),
            "duration_minutes": 45,
            "clips_shown": [moment],
            "homework": "play ten minutes a day",
        },
    ]


def a_supervision() -> HistorySupervision:
    return HistorySupervision(
        id=uuid4(),
        practitioner_id="dana-reyes",
        supervisor_id="lee-okafor",
        held_at=at(10),
        duration_minutes=90,
    )
