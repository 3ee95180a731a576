"""Waiting for a pipeline's outcome event on Kafka, with a deadline that fails loudly."""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer
from spin_contracts.events import decode


async def outcome(
    outcomes: AIOKafkaConsumer,
    bench: str,
    field: str,
    value: str,
    done: str,
    failed: str,
    wait_s: float,
) -> None:
    """Return at the first `done` event whose `field` is `value`; raise at its `failed`; stop
    the bench after `wait_s` saying what it waited for."""
    try:
        await asyncio.wait_for(_first(outcomes, field, value, done, failed), wait_s)
    except TimeoutError:
        raise SystemExit(
            f"{bench}: no {done} or {failed} for {field} {value} within {wait_s:.0f} s; "
            "is the transcoder's log saying why?"
        ) from None


async def _first(
    outcomes: AIOKafkaConsumer, field: str, value: str, done: str, failed: str
) -> None:
    async for record in outcomes:
        envelope, event = decode(record.value)
        if str(getattr(event, field, "")) != value:
            continue
        if envelope.event_type == failed:
            raise RuntimeError(f"{failed}: {event}")
        if envelope.event_type == done:
            return
