"""The ops CLI registers the directory in the planner database, with its events."""

from __future__ import annotations

import asyncio

import pytest
from spin_contracts.events import decode
from spin_planner.adapters.tables import OUTBOX
from spin_planner.cli import app
from spin_planner.settings import PlannerSettings
from spincore.db import make_engine
from sqlalchemy import select
from typer.testing import CliRunner

from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


def _staged(settings: PlannerSettings) -> list[str]:
    async def read() -> list[str]:
        engine = make_engine(settings, pool_size=1)
        try:
            async with engine.connect() as conn:
                rows = await conn.scalars(select(OUTBOX.c.payload).order_by(OUTBOX.c.id))
                return [decode(row)[0].event_type for row in rows]
        finally:
            await engine.dispose()

    return asyncio.run(read())


DIRECTORY_COMMANDS = [
    ["add-institute", "spin-usa", "--name", "SPIN USA", "--country", "US"],
    ["add-agency", "harbor", "--institute", "spin-usa", "--name", "Harbor"],
    ["add-site", "north", "--agency", "harbor", "--name", "North"],
    ["add-practitioner", "lee", "--site", "north", "--name", "Lee"],
    [
        "add-practitioner",
        "dana",
        "--site",
        "north",
        "--name",
        "Dana",
        "--apprenticeship-start",
        "2026-01-05",
        "--supervisor",
        "lee",
    ],
]


def test_the_directory_is_registered_from_the_command_line(isolated: Isolation) -> None:
    settings = isolated.settings(PlannerSettings)
    env = {
        "SPIN_DATABASE_URL": settings.database_url.get_secret_value(),
        "SPIN_DB_SCHEMA": settings.db_schema,
        "SPIN_TOPIC_PREFIX": settings.topic_prefix,
    }
    runner = CliRunner()
    commands = DIRECTORY_COMMANDS
    for command in commands:
        result = runner.invoke(app, command, env=env)
        assert result.exit_code == 0, result.output
        assert f"registered {command[1]}" in result.output

    twice = runner.invoke(app, commands[0], env=env)
    assert twice.exit_code == 1
    assert "refused: institute 'spin-usa' is already registered" in twice.output
    bad = runner.invoke(
        app, ["add-institute", "Spin USA!", "--name", "", "--country", "usa"], env=env
    )
    assert bad.exit_code == 2
    assert "id: String should match pattern" in bad.output
    assert "country: String should match pattern" in bad.output
    orphan = runner.invoke(
        app,
        ["add-practitioner", "kim", "--site", "north", "--name", "Kim", "--supervisor", "nobody"],
        env=env,
    )
    assert orphan.exit_code == 1
    assert "the supervisor 'nobody' is not a practitioner of this agency" in orphan.output

    assert _staged(settings) == [
        "institute.registered",
        "agency.registered",
        "site.registered",
        "practitioner.registered",
        "practitioner.registered",
    ]
