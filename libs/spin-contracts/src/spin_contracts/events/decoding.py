"""Decoding a batch of records: each record's envelope and payload checked in one pass of
pydantic-core over its JSON, as `envelope.decode` checks them, for consumers that read many
records at a time.

`decode` validates the envelope, builds its payload as a Python dict, and validates that dict
again as the event. Here one model per registered event (an `Envelope` whose `event_type` and
`schema_version` are literals and whose `payload` is the event's model) joins a union
discriminated by the event type, so the payload is validated straight from the JSON and never
becomes a dict. The returned envelopes are those subclasses: `payload` holds the event itself
(serialized, it is the same JSON). A record the union refuses is decoded again by `decode`,
which says why (or accepts it, should the two ever disagree: `decode` is the reference).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union, cast

from pydantic import Field, Json, TypeAdapter, ValidationError, create_model

from spin_contracts.events.envelope import (
    Envelope,
    Event,
    UnknownEventError,
    decode,
    registered_events,
)

Decoded = tuple[Envelope, Event] | UnknownEventError
_ONE_OF: Any = Literal  # a literal of values known at run time only


class _Decoders:
    """The union's adapters, built for the registry as it is (rebuilt when it grows)."""

    def __init__(self, events: Sequence[type[Event]]) -> None:
        union = _union(events)
        self.size = len(events)
        self.one: TypeAdapter[Envelope] = TypeAdapter(union)
        self.many: TypeAdapter[list[Envelope]] = TypeAdapter(list[Json[union]])  # type: ignore[valid-type]


_decoders: _Decoders | None = None


def decode_all(values: Sequence[bytes]) -> list[Decoded]:
    """Each record of `values` as (envelope, event), or the `UnknownEventError` saying why
    not, in order; one call of pydantic-core for the batch while every record is valid."""
    decoders = _current()
    try:
        envelopes = decoders.many.validate_python(values)
    except ValidationError:
        return [_decode_one(decoders, value) for value in values]
    return [(envelope, cast("Event", envelope.payload)) for envelope in envelopes]


def _decode_one(decoders: _Decoders, value: bytes) -> Decoded:
    try:
        envelope = decoders.one.validate_json(value)
    except ValidationError:
        try:
            return decode(value)
        except UnknownEventError as error:
            return error
    return envelope, cast("Event", envelope.payload)


def _current() -> _Decoders:
    global _decoders  # noqa: PLW0603 - built once, on first use, for the registry of then
    events = registered_events()
    if _decoders is None or _decoders.size != len(events):
        _decoders = _Decoders(events)
    return _decoders


def _union(events: Sequence[type[Event]]) -> Any:
    """The envelopes of `events`, told apart by type, then (several versions) by version."""
    by_type: dict[str, list[type[Envelope]]] = defaultdict(list)
    for event_class in events:
        by_type[event_class.event_type].append(_enveloped(event_class))
    members = [
        versions[0]
        if len(versions) == 1
        else Annotated[Union[tuple(versions)], Field(discriminator="schema_version")]  # noqa: UP007
        for versions in by_type.values()
    ]
    if len(members) == 1:
        return members[0]
    return Annotated[Union[tuple(members)], Field(discriminator="event_type")]  # noqa: UP007


def _enveloped(event_class: type[Event]) -> type[Envelope]:
    """An `Envelope` that holds only `event_class`, its payload validated as that event."""
    return create_model(
        f"{event_class.__name__}Envelope",
        __base__=Envelope,
        __module__=__name__,
        event_type=(_ONE_OF[event_class.event_type], ...),
        schema_version=(_ONE_OF[event_class.schema_version], ...),
        payload=(event_class, ...),
    )
