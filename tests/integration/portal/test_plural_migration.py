"""Migration 0011 (plural reasons) on a portal that already has reasons: the plural columns
arrive empty, the cases whose reasons have parameters are due for a refresh (which writes both
forms), the rest stay as they are; downgrading takes the columns away again."""

from __future__ import annotations

import asyncio

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from spincore.db import make_engine
from spincore.settings import ServiceSettings
from sqlalchemy import text

from tests.integration.portal.support import portal_settings
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
OLD_ROWS = """INSERT INTO case_indicators
    (case_code, indicator, outcome, reason, reason_template, reason_params) VALUES
    ('C-COUNTED', 'F8', 'pass', 'homework agreed at all 1 shared reviews',
     'homework agreed at all %(reviews)s shared reviews', '{"reviews": 1}'),
    ('C-PLAIN', 'F8', 'n/a', 'no shared review recorded yet',
     'no shared review recorded yet', '{}')"""


def config_for(settings: ServiceSettings | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "spin_portal:migrations")
    config.attributes["settings"] = settings
    return config


def plural_revisions() -> tuple[str, str]:
    """The plural migration's revision and the one before (by its file, should it renumber)."""
    scripts = ScriptDirectory.from_config(config_for())
    (plural,) = [r for r in scripts.walk_revisions() if r.path.endswith("_plural_reasons.py")]
    assert isinstance(plural.down_revision, str)
    return plural.revision, plural.down_revision


def migrate(settings: ServiceSettings, direction: str, revision: str) -> None:
    getattr(command, direction)(config_for(settings), revision)


async def cases_dirtied_by(
    settings: ServiceSettings, before: str, revision: str, rows: str
) -> list[str]:
    """The cases `revision` marks dirty, upgrading from `before` over the indicator rows that
    the SQL `rows` inserts (nothing dirty before it); then back to `before`."""
    await asyncio.to_thread(migrate, settings, "upgrade", before)
    engine = make_engine(settings)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM dirty_cases"))
            await conn.execute(text(rows))
        await asyncio.to_thread(migrate, settings, "upgrade", revision)
        async with engine.connect() as conn:
            dirty = sorted(await conn.scalars(text("SELECT case_code FROM dirty_cases")))
        await asyncio.to_thread(migrate, settings, "downgrade", before)
        return dirty
    finally:
        await engine.dispose()


async def test_0011_keeps_old_reasons_and_refreshes_their_cases(isolated: Isolation) -> None:
    settings = portal_settings(isolated)
    plural, before = plural_revisions()
    await asyncio.to_thread(migrate, settings, "upgrade", before)
    engine = make_engine(settings)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM dirty_cases"))
            await conn.execute(text(OLD_ROWS))
        await asyncio.to_thread(migrate, settings, "upgrade", plural)
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT case_code, reason_template, reason_plural, reason_count_key"
                    " FROM case_indicators ORDER BY case_code"
                )
            )
            dirty = await conn.scalars(text("SELECT case_code FROM dirty_cases"))
            assert [tuple(r) for r in rows] == [
                ("C-COUNTED", "homework agreed at all %(reviews)s shared reviews", None, None),
                ("C-PLAIN", "no shared review recorded yet", None, None),
            ]
            assert list(dirty) == ["C-COUNTED"]
        await asyncio.to_thread(migrate, settings, "downgrade", before)
        async with engine.connect() as conn:
            columns = await conn.scalars(
                text(
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = 'case_indicators'"
                )
            )
            assert not {"reason_plural", "reason_count_key"} & set(columns)
    finally:
        await engine.dispose()
