"""The versioned envelope every event travels in, and the registry of event models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, Self, TypeVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Tenant(BaseModel):
    """Who owns the fact: the institute, agency and (where known) site."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    institute_id: str = Field(min_length=1, max_length=64)
    agency_id: str | None = Field(default=None, max_length=64)
    site_id: str | None = Field(default=None, max_length=64)


class Event(BaseModel):
    """Base of every event payload. Subclasses declare their type, version and topic."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    topic: ClassVar[str]

    def partition_key(self) -> str:
        """The value events are ordered by on their topic (see the topic registry)."""
        raise NotImplementedError


class Envelope(BaseModel):
    """What is written to Kafka: metadata plus the payload of one registered event."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    schema_version: int = Field(ge=1)
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    producer: str
    correlation_id: str
    causation_id: UUID | None = None
    tenant: Tenant
    payload: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        event: Event,
        *,
        producer: str,
        tenant: Tenant,
        correlation_id: str | None = None,
        caused_by: Envelope | None = None,
        occurred_at: datetime | None = None,
    ) -> Self:
        """Envelope `event`; when caused by another event, inherit its correlation id."""
        inherited = caused_by.correlation_id if caused_by else None
        return cls(
            event_type=event.event_type,
            schema_version=event.schema_version,
            producer=producer,
            correlation_id=correlation_id or inherited or str(uuid4()),
            causation_id=caused_by.event_id if caused_by else None,
            tenant=tenant,
            payload=event.model_dump(mode="json"),
            **({"occurred_at": occurred_at} if occurred_at else {}),
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


class UnknownEventError(ValueError):
    """The bytes are not an event this code understands; they belong on the dead-letter topic."""


_REGISTRY: dict[tuple[str, int], type[Event]] = {}
E = TypeVar("E", bound=type[Event])


def register(event_class: E) -> E:
    key = (event_class.event_type, event_class.schema_version)
    if key in _REGISTRY and _REGISTRY[key] is not event_class:
        raise RuntimeError(f"event {key} registered twice")
    _REGISTRY[key] = event_class
    return event_class


def registered_events() -> list[type[Event]]:
    return sorted(_REGISTRY.values(), key=lambda c: (c.event_type, c.schema_version))


def decode(raw: bytes) -> tuple[Envelope, Event]:
    """Parse an envelope and its payload, or raise UnknownEventError saying why not."""
    try:
        envelope = Envelope.model_validate_json(raw)
    except ValidationError as error:
        raise UnknownEventError(f"not a valid envelope: {error.errors()[0]['msg']}") from error
    event_class = _REGISTRY.get((envelope.event_type, envelope.schema_version))
    if event_class is None:
        raise UnknownEventError(f"unknown event {envelope.event_type} v{envelope.schema_version}")
    try:
        return envelope, event_class.model_validate(envelope.payload)
    except ValidationError as error:
        raise UnknownEventError(
            f"{envelope.event_type} v{envelope.schema_version} payload invalid: {error}"
        ) from error
