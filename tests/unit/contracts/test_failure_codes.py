"""footage.failed and clip.failed carry why as a code and its values; older events, with only
the English `reason`, still decode (no code)."""

from __future__ import annotations

from uuid import uuid4

from spin_contracts.events.failures import Failure, FailureCode
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
