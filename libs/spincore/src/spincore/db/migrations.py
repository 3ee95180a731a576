"""Alembic, driven from code: each service's env.py calls `run_env` with its metadata."""

from __future__ import annotations

import asyncio

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from spincore.db.outbox import plumbing_tables
from spincore.settings import ServiceSettings


def upgrade_to_head(settings: ServiceSettings, script_location: str) -> None:
    """Create the service's schema if needed and apply its migrations (idempotent).

    Blocking (alembic runs its own event loop): from async code call it via asyncio.to_thread.
    """
    config = Config()
    config.set_main_option("script_location", script_location)
    config.attributes["settings"] = settings
    command.upgrade(config, "head")


def run_env(target_metadata: MetaData) -> None:
    """Body of a service's alembic env.py (online mode, async engine, one schema)."""
    settings: ServiceSettings = context.config.attributes["settings"]
    asyncio.run(_run_online(settings, target_metadata))


async def _run_online(settings: ServiceSettings, target_metadata: MetaData) -> None:
    engine = create_async_engine(
        settings.database_url.get_secret_value(),
        poolclass=pool.NullPool,
        hide_parameters=True,
        connect_args={"server_settings": {"search_path": settings.db_schema}},
    )
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{settings.db_schema}"'))
        await conn.run_sync(_migrate, target_metadata, settings.db_schema)
    await engine.dispose()


def _migrate(connection: Connection, target_metadata: MetaData, schema: str) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=schema,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def create_plumbing_tables() -> None:
    """The first migration of every service: its outbox and processed-events tables."""
    from alembic import op  # noqa: PLC0415 - only importable while alembic runs a migration

    metadata = MetaData()
    for table in plumbing_tables(metadata):
        table.create(op.get_bind())
