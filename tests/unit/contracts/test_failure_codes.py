"""footage.failed and clip.failed carry why as a code and its values; older events, with only
the English `reason`, still decode (no code)."""

from __future__ import annotations

from uuid import uuid4

from spin_contracts.events.failures import Failure, FailureCode, SegmentFault, SegmentProblem
from spin_contracts.events.footage import ClipFailed, FootageFailed


def test_a_given_up_footage_event_carries_its_code_and_values() -> None:
    event = FootageFailed(
        footage_id=uuid4(),
        case_code="C-7K2M-4QXP-9TRB",
        stage="source",
        reason="Processing stopped after 2 attempts ...",
        attempts=2,
        reason_code=FailureCode.GAVE_UP,
        short_of_disk=True,
    )
    assert event.failure() == Failure(
        code=FailureCode.GAVE_UP, stage="source", attempts=2, short_of_disk=True
    )


def test_an_older_event_without_a_code_still_decodes() -> None:
    old = {
        "footage_id": str(uuid4()),
        "case_code": "C-7K2M-4QXP-9TRB",
        "stage": "probe",
        "reason": "The file is not a video (no video stream was found).",
    }
    event = FootageFailed.model_validate(old)
    assert (event.reason_code, event.failure()) == (None, None)
    clip = ClipFailed.model_validate(
        {
            "request_id": str(uuid4()),
            "footage_id": str(uuid4()),
            "case_code": "C-7K2M-4QXP-9TRB",
            "reason": "The footage has not finished processing yet.",
        }
    )
    assert clip.failure() is None


def test_a_clip_failure_is_of_the_clips_stage() -> None:
    clip = ClipFailed(
        request_id=uuid4(),
        footage_id=uuid4(),
        case_code="C-7K2M-4QXP-9TRB",
        reason="...",
        reason_code=FailureCode.NOT_READY,
    )
    assert clip.failure() == Failure(code=FailureCode.NOT_READY, stage="clips", attempts=1)


def test_a_refusal_carries_its_values_and_keeps_only_those_it_has() -> None:
    too_long = FootageFailed(
        footage_id=uuid4(),
        case_code="C-7K2M-4QXP-9TRB",
        stage="probe",
        reason="The video is too long (1 h 15 min); the limit is 1 h 0 min. ...",
        reason_code=FailureCode.TOO_LONG,
        duration_s=4513.4,
        limit_s=3600,
    )
    failure = too_long.failure()
    assert failure is not None
    assert failure.kept() == {
        "code": "too_long",
        "stage": "probe",
        "attempts": 1,
        "short_of_disk": False,
        "duration_s": 4513.4,
        "limit_s": 3600.0,
    }


def test_a_clip_refusal_names_each_segments_problem() -> None:
    problem = SegmentProblem(clip=2, start_s=0.8, end_s=0.2, fault=SegmentFault.ENDS_BEFORE_START)
    clip = ClipFailed.model_validate_json(
        ClipFailed(
            request_id=uuid4(),
            footage_id=uuid4(),
            case_code="C-7K2M-4QXP-9TRB",
            reason="Clip 2 (0:00.80-0:00.20) ends before it starts.",
            reason_code=FailureCode.SEGMENTS_REFUSED,
            duration_s=1.0,
            limit_s=600,
            problems=[problem],
        ).model_dump_json()
    )
    failure = clip.failure()
    assert failure is not None
    assert failure.problems == (problem,)
    assert failure.kept()["problems"] == [
        {"clip": 2, "start_s": 0.8, "end_s": 0.2, "fault": "ends_before_start"}
    ]
