"""Ingest's view of sites, fed by site.registered: an upload names a site of its own agency.

A group of its own, read from the topic's beginning on first start, so a replica upgraded from
a release without this view still learns every site registered before.
"""

from __future__ import annotations

from spin_contracts.events.directory import SiteRegistered
from spin_contracts.events.envelope import Envelope, Event
from spincore.streams import Handler

from spin_ingest.service.ports import Database

CONSUMER = "ingest-directory"
ACCEPTS = frozenset({SiteRegistered.event_type})


def site_handler(database: Database) -> Handler:
    async def on_site(envelope: Envelope, event: Event) -> None:
        if not isinstance(event, SiteRegistered):
            return
        async with database.views() as views:
            if await views.first_delivery(CONSUMER, envelope.event_id):
                await views.record_site(event.site_id, event.agency_id)

    return on_site
