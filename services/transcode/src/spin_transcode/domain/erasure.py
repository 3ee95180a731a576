"""When footage must go, and what of it (DOMAIN.md section 6): pure rules, no I/O, no clock.

- filming consent withdrawn: everything of the case's footage, `erase_after_withdrawal_s` after
  the withdrawal;
- renditions verified: the camera file, `raw_retention_days` after the verification;
- case closed: everything of its footage, `closed_case_retention_days` after the closing date;
- clips marked for training: those clips, `erase_after_training_withdrawal_s` after the
  training consent is withdrawn, at the latest `training_retention_days` (five years: 1,826
  days is never more) after the first of the footage's clips was marked.

A legal hold does not change the plan; it stops the runner from acting on it (see the runner).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from spin_contracts.events.footage import ErasedKind, ErasureReason, ErasureScope

from spin_transcode.domain import keys

TRAINING_RETENTION_DAYS = 5 * 365 + 1  # five years hold at least one leap day: never longer


class ErasurePolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    erase_after_withdrawal_s: int = Field(ge=0)
    raw_retention_days: int = Field(ge=0)
    closed_case_retention_days: int = Field(ge=0)
    erase_after_training_withdrawal_s: int = Field(default=86400, ge=0)
    training_retention_days: int = Field(default=TRAINING_RETENTION_DAYS, ge=0)


@dataclass(frozen=True)
class CaseFacts:
    filming_granted_at: datetime | None = None
    filming_withdrawn_at: datetime | None = None
    closed_on: date | None = None
    training_granted_at: datetime | None = None
    training_withdrawn_at: datetime | None = None

    @property
    def filming_withdrawn(self) -> bool:
        """Withdrawn unless granted again later (the times the family gave, not arrival)."""
        return _withdrawn(self.filming_granted_at, self.filming_withdrawn_at)

    @property
    def training_withdrawn(self) -> bool:
        return _withdrawn(self.training_granted_at, self.training_withdrawn_at)


def _withdrawn(granted: datetime | None, withdrawn: datetime | None) -> bool:
    return withdrawn is not None and (granted is None or granted <= withdrawn)


@dataclass(frozen=True)
class FootageFacts:
    footage_id: UUID
    verified_at: datetime | None = None
    training_marked_at: datetime | None = None  # the first of its clips marked for training


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
        for item in _training(case, one, policy):
            want(item)
    return list(planned.values())


def _training(case: CaseFacts, one: FootageFacts, policy: ErasurePolicy) -> list[PlannedErasure]:
    """The footage's clips marked for training: on withdrawal, and five years on at the latest."""
    if one.training_marked_at is None:
        return []
    scope = ErasureScope.TRAINING
    due = one.training_marked_at + timedelta(days=policy.training_retention_days)
    found = [PlannedErasure(one.footage_id, scope, ErasureReason.TRAINING_RETENTION, due)]
    if case.training_withdrawn and case.training_withdrawn_at is not None:
        delay = timedelta(seconds=policy.erase_after_training_withdrawal_s)
        due = case.training_withdrawn_at + delay
        reason = ErasureReason.TRAINING_CONSENT_WITHDRAWN
        found.append(PlannedErasure(one.footage_id, scope, reason, due))
    return found


def prefixes(scope: ErasureScope, footage_id: UUID, staging_prefix: str | None) -> list[str]:
    """Where what was made from a footage lives (its camera file is looked up by key)."""
    if scope is not ErasureScope.ALL:
        return []  # the camera file and training clips are found by their own keys
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
