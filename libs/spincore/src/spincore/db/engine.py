"""Engines bound to one service schema through the connection's search_path."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from spincore.settings import ServiceSettings


def make_engine(
    settings: ServiceSettings, pool_size: int = 10, server_settings: Mapping[str, str] | None = None
) -> AsyncEngine:
    """`server_settings`: more of PostgreSQL's settings for every connection of the engine."""
    return create_async_engine(
        settings.database_url.get_secret_value(),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=settings.db_pre_ping,
        # Errors (and so logs and dead letters) never carry what families said.
        hide_parameters=True,
        # No JIT: every statement here is a short request's; compiling one costs more than
        # it saves (PostgreSQL compiles any plan whose estimate passes jit_above_cost).
        connect_args={
            "server_settings": {
                "search_path": settings.db_schema,
                "jit": "off",
                **(server_settings or {}),
            }
        },
        # JSONB columns come back through orjson: listings decode many of them per request.
        json_deserializer=orjson.loads,
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def database_ready(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
