"""The limit of unfinished uploads per agency and site, and when a slot frees up."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from spin_ingest.domain.refusals import Refusal, RefusalError

# Without an upload that will expire soon, a client is told to look again in a minute.
DEFAULT_RETRY_S = 60


@dataclass(frozen=True)
class OpenSlot:
    started: bool
    expires_at: datetime


def _at(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S UTC")


def site_is_full(site_id: str, held: list[OpenSlot], now: datetime) -> RefusalError:
    """429 naming how many slots free up when: uploads that received no byte expire soon."""
    unstarted = sorted(slot.expires_at for slot in held if not slot.started)
    sentence = (
        f"site {site_id} already has {len(held)} unfinished uploads, the most it may have at "
        "once; finish or cancel some first"
    )
    if not unstarted:
        return RefusalError(Refusal.TOO_MANY, sentence, DEFAULT_RETRY_S)
    first, last = unstarted[0], unstarted[-1]
    frees = (
        f"1 slot frees up at {_at(first)}"
        if len(unstarted) == 1
        else f"{len(unstarted)} slots free up between {_at(first)} and {_at(last)}"
    )
    retry_s = max(1, math.ceil((first - now).total_seconds()))
    return RefusalError(
        Refusal.TOO_MANY,
        f"{sentence}; {frees}, when uploads that never received a byte expire",
        retry_s,
    )
