"""Ingest's view of sites, fed by site.registered: an upload names a site of its own agency.

A group of its own, read from the topic's beginning on first start, so a replica upgraded from
a release without this view still learns every site registered before.
"""

from __future__ import annotations

from spin_contracts.events.directory import SiteRegistered
from spin_contracts.events.envelope import Envelope, Event
from spincore.db import first_delivery
from spincore.streams import Handler
from sqlalchemy.ext.asyncio import AsyncEngine

from spin_ingest.adapters import sites

CONSUMER = "ingest-directory"
ACCEPTS = frozenset({SiteRegistered.event_type})


def site_handler(engine: AsyncEngine) -> Handler:
    async def on_site(envelope: Envelope, event: Event) -> None:
        if not isinstance(event, SiteRegistered):
            return
        async with engine.begin() as conn:
            if await first_delivery(conn, CONSUMER, envelope.event_id):
                await sites.record(conn, event)

    return on_site
