"""Whether a case may be filmed, from ingest's own view of consent events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from spin_ingest.domain.refusals import Refusal, RefusalError


class Consent(StrEnum):
    VALID = "valid"
    WITHDRAWN = "withdrawn"
    NONE = "none"


@dataclass(frozen=True)
class ConsentState:
    consent: Consent

    @classmethod
    def of(cls, consents: Iterable[Any], now: datetime) -> ConsentState:
        """From rows of (granted_at, valid_until, withdrawn_at) for filming the case."""
        withdrawn = False
        for granted_at, valid_until, withdrawn_at in consents:
            if withdrawn_at is not None and withdrawn_at <= now:
                withdrawn = True
                continue
            if (
                granted_at is not None
                and granted_at <= now
                and (valid_until is None or valid_until > now)
            ):
                return cls(Consent.VALID)
        return cls(Consent.WITHDRAWN if withdrawn else Consent.NONE)

    @property
    def allows_filming(self) -> bool:
        return self.consent is Consent.VALID

    def require_filming(self, case_code: str) -> None:
        if self.consent is Consent.WITHDRAWN:
            raise RefusalError(
                Refusal.FORBIDDEN,
                "the family of case %(case_code)s has withdrawn their consent to filming, "
                "so this footage cannot be accepted",
                case_code=case_code,
            )
        if self.consent is Consent.NONE:
            raise RefusalError(
                Refusal.FORBIDDEN,
                "there is no valid consent to filming for case %(case_code)s; footage can be "
                "uploaded once the family's filming consent is recorded",
                case_code=case_code,
            )
