"""The limit of unfinished uploads per agency and site, and when a slot frees up."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from spincore.i18n import N_

from spin_ingest.domain.refusals import Refusal, RefusalError

# Without an upload that will expire soon, a client is told to look again in a minute.
DEFAULT_RETRY_S = 60
# Whole sentences (a translation cannot be assembled from fragments).
FULL = N_(
    "site %(site)s already has %(held)s unfinished uploads, the most it may have at once; "
    "finish or cancel some first"
)
FULL_ONE_FREES = N_(
    "site %(site)s already has %(held)s unfinished uploads, the most it may have at once; "
    "finish or cancel some first; 1 slot frees up at %(at)s, when uploads that never received "
    "a byte expire"
)
FULL_SOME_FREE = N_(
    "site %(site)s already has %(held)s unfinished uploads, the most it may have at once; "
    "finish or cancel some first; %(count)s slots free up between %(first)s and %(last)s, "
    "when uploads that never received a byte expire"
)


@dataclass(frozen=True)
class OpenSlot:
    started: bool
    expires_at: datetime


def _at(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S UTC")


def site_is_full(site_id: str, held: list[OpenSlot], now: datetime) -> RefusalError:
    """429 naming how many slots free up when: uploads that received no byte expire soon."""
    unstarted = sorted(slot.expires_at for slot in held if not slot.started)
    values = {"site": site_id, "held": len(held)}
    if not unstarted:
        return RefusalError(Refusal.TOO_MANY, FULL, DEFAULT_RETRY_S, **values)
    first, last = unstarted[0], unstarted[-1]
    retry_s = max(1, math.ceil((first - now).total_seconds()))
    if len(unstarted) == 1:
        return RefusalError(Refusal.TOO_MANY, FULL_ONE_FREES, retry_s, **values, at=_at(first))
    return RefusalError(
        Refusal.TOO_MANY,
        FULL_SOME_FREE,
        retry_s,
        **values,
        count=len(unstarted),
        first=_at(first),
        last=_at(last),
    )
