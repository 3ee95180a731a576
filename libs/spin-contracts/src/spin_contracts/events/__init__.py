"""Event contracts: the envelope, the registry, and one model per event.

Importing this package registers every event, so `decode` knows them all.
"""

from spin_contracts.events import (
    analysis,
    clip_progress,
    coaching,
    consent,
    directory,
    erasure_schedule,
    footage,
    holds,
    planner,
    review,
    training,
)
from spin_contracts.events.envelope import (
    Envelope,
    Event,
    Tenant,
    UnknownEventError,
    decode,
    register,
    registered_events,
)

__all__ = [
    "Envelope",
    "Event",
    "Tenant",
    "UnknownEventError",
    "analysis",
    "clip_progress",
    "coaching",
    "consent",
    "decode",
    "directory",
    "erasure_schedule",
    "footage",
    "holds",
    "planner",
    "register",
    "registered_events",
    "review",
    "training",
]
