"""Why processing stopped (footage.failed, clip.failed): a code and its values for the reader's
side to word in its reader's language, never words to translate; the English `reason` stays
for readers that know no code (and is all older events carry)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class FailureCode(StrEnum):
    """Why processing stopped, as a code: the reader's side words it in the reader's language
    with the event's values."""

    GAVE_UP = "gave_up"  # the stage failed on every attempt (stage, attempts, short_of_disk)
    NOT_READY = "not_ready"  # clips asked of footage that is not transcoded yet


class Failure(BaseModel):
    """A failure's code and values, as its readers keep them to word later."""

    model_config = ConfigDict(frozen=True)

    code: FailureCode
    stage: str
    attempts: int
    short_of_disk: bool = False


class Failing(BaseModel):
    """The fields of a failure event that say why."""

    reason: str = Field(description="the English words, for readers that do not know the code")
    reason_code: FailureCode | None = Field(
        default=None,
        description="why, as a code to word in the reader's language; None where only the "
        "English `reason` says why (older events, files refused as they are)",
    )
    attempts: int = Field(ge=1, default=1)
    short_of_disk: bool = Field(default=False, description="the server ran short of disk")

    def failure(self) -> Failure | None:
        """The code and its values; None for an event with English words only."""
        if self.reason_code is None:
            return None
        return Failure(
            code=self.reason_code,
            # footage.failed names its stage; clip.failed has none: it was cutting the clips
            stage=str(getattr(self, "stage", "clips")),
            attempts=self.attempts,
            short_of_disk=self.short_of_disk,
        )
