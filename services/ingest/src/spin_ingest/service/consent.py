"""Ingest's consent view, fed by consent.granted / consent.withdrawn (no call to the planner)."""

from __future__ import annotations

from typing import Any

from spin_contracts.events.consent import ConsentGranted, ConsentWithdrawn
from spin_contracts.events.envelope import Envelope, Event
from spincore.streams import Handler

from spin_ingest.service.ports import Database

CONSUMER = "ingest-consent"
ACCEPTS = frozenset({ConsentGranted.event_type, ConsentWithdrawn.event_type})


def consent_handler(database: Database) -> Handler:
    async def on_consent(envelope: Envelope, event: Event) -> None:
        async with database.views() as views:
            if not await views.first_delivery(CONSUMER, envelope.event_id):
                return
            values: dict[str, Any]
            if isinstance(event, ConsentGranted):
                values = {
                    "case_code": event.case_code,
                    "agency_id": envelope.tenant.agency_id,
                    "purpose": event.purpose.value,
                    "granted_at": event.granted_at,
                    "valid_until": event.valid_until,
                }
            elif isinstance(event, ConsentWithdrawn):
                values = {
                    "case_code": event.case_code,
                    "agency_id": envelope.tenant.agency_id,
                    "purpose": event.purpose.value,
                    "withdrawn_at": event.withdrawn_at,
                }
            else:
                return
            await views.record_consent(event.consent_id, values)

    return on_consent
