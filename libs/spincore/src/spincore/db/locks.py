"""PostgreSQL advisory locks of a service. Services share one database, each in its own
schema, so a lock is named by its schema and what it guards, in one class of lock ids."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func

LOCK_CLASS = 0x5F1A  # the first int of the two-int lock form; the key is the second


def lock_key(schema: str | ColumnElement[str], what: str) -> ColumnElement[int]:
    """The key of the lock on `what` in `schema` (a name, or `func.current_schema()`)."""
    name = f"{schema}:{what}" if isinstance(schema, str) else schema.concat(f":{what}")
    return func.hashtext(name)
