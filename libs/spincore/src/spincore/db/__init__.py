"""PostgreSQL through SQLAlchemy 2 (async): one schema per service, outbox and dedupe tables."""

from spincore.db.engine import database_ready, make_engine, make_sessionmaker
from spincore.db.outbox import (
    Guard,
    add_to_outbox,
    first_delivery,
    insert_with_event,
    plumbing_tables,
)
from spincore.db.relay import OutboxRelay

__all__ = [
    "Guard",
    "OutboxRelay",
    "add_to_outbox",
    "database_ready",
    "first_delivery",
    "insert_with_event",
    "make_engine",
    "make_sessionmaker",
    "plumbing_tables",
]
