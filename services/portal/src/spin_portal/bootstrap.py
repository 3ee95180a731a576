"""Builds the portal's dependencies once, as cosmicpython's bootstrap does: the runtime
(engine, S3, Kafka, outbox relay), the projection into the read model with its indicator
refresher, the token issuer and the planner's client, and the units of work of the write use
cases. `api/app.py` wires them into HTTP and the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from spincore.auth.tokens import TokenIssuer
from spincore.batch_consumer import BatchConsumer
from spincore.runtime import Runtime

from spin_portal.adapters.planner import Planner, Tokens
from spin_portal.adapters.read_model import ReadModel, projection
from spin_portal.adapters.refresher import IndicatorRefresher
from spin_portal.adapters.unit_of_work import sql_units_of_work
from spin_portal.service.ports import UnitOfWorkFactory
from spin_portal.settings import PortalSettings
from spin_portal.web.i18n import current_language


@dataclass(frozen=True)
class Dependencies:
    runtime: Runtime
    refresher: IndicatorRefresher
    projection: BatchConsumer
    issuer: TokenIssuer | None  # None without a signing key: no person tokens, no planner
    planner: Planner | None
    units: UnitOfWorkFactory


def bootstrap(settings: PortalSettings) -> Dependencies:
    runtime = Runtime.build(settings)
    refresher = IndicatorRefresher(runtime.engine, default_zone=settings.time_zone)

    async def send_dead_letter(topic: str, key: bytes, value: bytes) -> None:
        await runtime.producer.send_and_wait(topic, value, key=key)  # made when it starts

    live = projection(
        settings,
        ReadModel(runtime.engine, refresher),
        max_batch=settings.projection_batch,
        send_dead_letter=send_dead_letter,
    )
    issuer = (
        TokenIssuer.from_file(settings.auth_private_key_file, settings.auth_issuer)
        if settings.auth_private_key_file
        else None
    )
    tokens = Tokens(issuer, settings.person_token_s) if issuer else None
    # The planner answers in the language of the page being served (web.i18n's context).
    planner = Planner(settings.planner_url, tokens, current_language) if tokens else None
    return Dependencies(
        runtime,
        refresher,
        live,
        issuer,
        planner,
        sql_units_of_work(runtime.engine, settings.topic_prefix),
    )
