"""`spin-consent`: publish consent.granted / consent.withdrawn (ops tool until the planner does).

Uses the shared contracts and the service's `SPIN_` settings (Kafka address, topic prefix).
Exit codes: 0 published, 1 Kafka could not be reached, 2 usage error.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

import typer
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose, ConsentWithdrawn
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spincore.kafka import make_producer, publish

from spin_ingest.settings import IngestSettings

app = typer.Typer(help="Publish consent events for cases (filming, supervision, training).")
PRODUCER = "spin-consent"


async def publish_event(settings: IngestSettings, tenant: Tenant, event: Event) -> Envelope:
    """Send one event (a consent, or a site for a deployment without the planner) to its topic
    and wait for the broker's acknowledgement."""
    envelope = Envelope.wrap(event, producer=PRODUCER, tenant=tenant)
    producer = make_producer(settings.kafka, PRODUCER)
    await producer.start()
    try:
        await publish(producer, envelope, event, settings.topic_prefix)
    finally:
        await producer.stop()
    return envelope


publish_consent = publish_event


def _send(tenant: Tenant, event: Event) -> None:
    try:
        asyncio.run(publish_consent(IngestSettings(), tenant, event))
    except Exception as error:
        typer.echo(f"could not publish {event.event_type}: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"published {event.event_type} consent_id={event.consent_id}")  # type: ignore[attr-defined]


Institute = Annotated[str, typer.Option(help="institute id of the case's agency")]
Agency = Annotated[str, typer.Option(help="agency id that holds the case")]
Purpose = Annotated[ConsentPurpose, typer.Option(help="what the consent covers")]


@app.command()
def grant(
    case_code: Annotated[str, typer.Argument(help="pseudonymous case code, e.g. C-2025-001")],
    institute: Institute,
    agency: Agency,
    purpose: Purpose = ConsentPurpose.FILMING,
    consent_id: Annotated[UUID | None, typer.Option(help="defaults to a new id")] = None,
    valid_until: Annotated[datetime | None, typer.Option(help="end of validity (UTC)")] = None,
) -> None:
    """Record that the family consented to PURPOSE for CASE_CODE from now on."""
    event = ConsentGranted(
        consent_id=consent_id or uuid4(),
        case_code=case_code,
        purpose=purpose,
        granted_at=datetime.now(UTC),
        valid_until=valid_until.replace(tzinfo=UTC) if valid_until else None,
    )
    _send(Tenant(institute_id=institute, agency_id=agency), event)


@app.command()
def withdraw(
    case_code: Annotated[str, typer.Argument(help="pseudonymous case code")],
    consent_id: Annotated[UUID, typer.Option(help="the consent being withdrawn")],
    institute: Institute,
    agency: Agency,
    purpose: Purpose = ConsentPurpose.FILMING,
) -> None:
    """Record that the family withdrew consent CONSENT_ID from now on."""
    event = ConsentWithdrawn(
        consent_id=consent_id,
        case_code=case_code,
        purpose=purpose,
        withdrawn_at=datetime.now(UTC),
    )
    _send(Tenant(institute_id=institute, agency_id=agency), event)
