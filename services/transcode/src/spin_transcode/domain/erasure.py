"""When footage must go, and what of it (DOMAIN.md section 6): pure rules, no I/O, no clock.

- filming consent withdrawn: everything of the case's footage, `erase_after_withdrawal_s` after
  the withdrawal;
- renditions verified: the camera file, `raw_retention_days` after the verification;
- case closed: everything of its footage, `closed_case_retention_days` after the closing date.

A legal hold does not change the plan; it stops the runner from acting on it (see the runner).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from spin_contracts.events.footage import ErasedKind, ErasureReason, ErasureScope

from spin_transcode.domain import keys


class ErasurePolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    erase_after_withdrawal_s: int = Field(ge=0)
    raw_retention_days: int = Field(ge=0)
    closed_case_retention_days: int = Field(ge=0)


@dataclass(frozen=True)
class CaseFacts:
    filming_granted_at: datetime | None = None
    filming_withdrawn_at: datetime | None = None
    closed_on: date | None = None

    @property
    def filming_withdrawn(self) -> bool:
        """Withdrawn unless granted again later (the times the family gave, not arrival)."""
        withdrawn, granted = self.filming_withdrawn_at, self.filming_granted_at
        return withdrawn is not None and (granted is None or granted <= withdrawn)


@dataclass(frozen=True)
class FootageFacts:
    footage_id: UUID
    verified_at: datetime | None = None


@dataclass(frozen=True)
class PlannedErasure:
    footage_id: UUID
    scope: ErasureScope
    reason: ErasureReason
    due_at: datetime


def plan_erasures(
    case: CaseFacts, footage: list[FootageFacts], policy: ErasurePolicy
) -> list[PlannedErasure]:
    """Every erasure the rules ask for; per footage and scope the earliest one counts."""
    planned: dict[tuple[UUID, ErasureScope], PlannedErasure] = {}

    def want(item: PlannedErasure) -> None:
        known = planned.get((item.footage_id, item.scope))
        if known is None or item.due_at < known.due_at:
            planned[(item.footage_id, item.scope)] = item

    for one in footage:
        if case.filming_withdrawn and case.filming_withdrawn_at is not None:
            due = case.filming_withdrawn_at + timedelta(seconds=policy.erase_after_withdrawal_s)
            want(
                PlannedErasure(
                    one.footage_id, ErasureScope.ALL, ErasureReason.CONSENT_WITHDRAWN, due
                )
            )
        if case.closed_on is not None:
            closed = datetime.combine(case.closed_on, time(), UTC)
            due = closed + timedelta(days=policy.closed_case_retention_days)
            want(PlannedErasure(one.footage_id, ErasureScope.ALL, ErasureReason.CASE_CLOSED, due))
        if one.verified_at is not None:
            due = one.verified_at + timedelta(days=policy.raw_retention_days)
            want(PlannedErasure(one.footage_id, ErasureScope.RAW, ErasureReason.RAW_RETENTION, due))
    return list(planned.values())


def prefixes(scope: ErasureScope, footage_id: UUID, staging_prefix: str | None) -> list[str]:
    """Where what was made from a footage lives (its camera file is looked up by key)."""
    if scope is ErasureScope.RAW:
        return []
    found = [keys.rendition_prefix(footage_id), keys.clip_prefix(footage_id)]
    return [*found, staging_prefix] if staging_prefix else found


_BY_NAME = {
    keys.POSTER: ErasedKind.POSTER,
    keys.SPRITE: ErasedKind.SPRITE,
    keys.THUMBNAILS_VTT: ErasedKind.VTT,
}


def kind_of(key: str) -> ErasedKind:
    """What an object is, from its deterministic key."""
    top, _, rest = key.partition("/")
    name = rest.rsplit("/", 1)[-1]
    if top == "staging":
        return ErasedKind.STAGING
    if top == "clips":
        return ErasedKind.REEL if name.startswith("reel-") else ErasedKind.CLIP
    if top == "renditions":
        return _BY_NAME.get(name, ErasedKind.RENDITION)
    return ErasedKind.RAW


def backoff_s(attempts: int, first_s: float, max_s: float) -> float:
    """Seconds before a failed erasure is tried again: doubling, capped."""
    return float(min(max_s, first_s * 2 ** max(0, attempts - 1)))
