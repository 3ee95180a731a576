"""What went wrong: the English words older readers of an event show (the event carries a
reason code and its values for readers that word it in their own language), and details
support can use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from spin_contracts.events.failures import FailureCode, SegmentProblem

STAGE_WORDS = {
    "source": "reading the uploaded file from storage",
    "probe": "examining the video",
    "transcode": "converting the video",
    "upload": "saving the converted video",
    "clips": "cutting the clips",
}
# Presigned URLs carry temporary credentials; they must not travel in events.
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Refusal:
    """Footage or a clip request refused as it is (never retried): why as a code and its
    values, which the reader's side words in its reader's language, and the English words
    older readers show."""

    code: FailureCode
    reason: str
    duration_s: float | None = None
    limit_s: float | None = None
    problems: tuple[SegmentProblem, ...] | None = None

    def fields(self) -> RefusalFields:
        """What a footage.failed or clip.failed carries of the refusal."""
        return {
            "reason": self.reason,
            "reason_code": self.code,
            "duration_s": self.duration_s,
            "limit_s": self.limit_s,
        }


class RefusalFields(TypedDict):
    reason: str
    reason_code: FailureCode
    duration_s: float | None
    limit_s: float | None


def scrub(detail: str) -> str:
    return URL.sub("<source>", detail)


def gave_up_reason(stage: str, attempts: int, short_of_disk: bool = False) -> str:
    doing = STAGE_WORDS.get(stage, "processing the video")
    cause = " The processing server is short of disk space." if short_of_disk else ""
    return (
        f"Processing stopped after {attempts} attempts while {doing}.{cause} "
        "Please try again later; if it keeps failing, contact support with the details."
    )
