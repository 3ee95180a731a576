"""Builds the planner's dependencies once, as cosmicpython's bootstrap does: the runtime
(engine, S3, Kafka, outbox relay), the units of work the routes open (`service/units.Planner`)
and the maker of the footage agents' Faust app (a new one each time this process takes the
lead: a stopped Faust app cannot start again, as after a PostgreSQL restart).
`api/app.py` wires them into HTTP and the lifespan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import faust
from spincore.runtime import Runtime

from spin_planner.adapters.sql_work import SqlUnits
from spin_planner.adapters.streams import footage_stream_app
from spin_planner.service.units import Planner
from spin_planner.settings import PlannerSettings


@dataclass(frozen=True)
class Dependencies:
    runtime: Runtime
    planner: Planner
    footage_agents: Callable[[], faust.App]


def bootstrap(settings: PlannerSettings) -> Dependencies:
    runtime = Runtime.build(settings)
    return Dependencies(
        runtime,
        Planner(
            runtime,
            SqlUnits(runtime.engine, settings.topic_prefix),
            settings.reel_max_length_s,
        ),
        partial(footage_stream_app, settings, runtime.engine),
    )
