"""How a footage's status moves as events arrive, possibly out of order across topics.

Progress travels on its own topic, so a late progress event must not undo `ready` or
`failed`; a late `uploaded` must not either. `erased` is final: nothing brings footage back.
"""

from __future__ import annotations

from enum import StrEnum


class FootageStatus(StrEnum):
    UPLOADED = "uploaded"
    TRANSCODING = "transcoding"
    READY = "ready"
    FAILED = "failed"
    ERASED = "erased"


_RANK = {
    FootageStatus.UPLOADED: 0,
    FootageStatus.TRANSCODING: 1,
    FootageStatus.READY: 2,
    FootageStatus.FAILED: 2,
    FootageStatus.ERASED: 3,
}


def advance(current: FootageStatus | None, incoming: FootageStatus) -> FootageStatus:
    """The status after `incoming`: never backwards; a retried transcode may still succeed."""
    if current is None or _RANK[incoming] > _RANK[current]:
        return incoming
    if current is FootageStatus.FAILED and incoming is FootageStatus.READY:
        return incoming
    return current
