"""The portal schema's one MetaData (SQLAlchemy Core), which `migrations/` create, and the
outbox and processed-events plumbing every service shares."""

from spincore.db import plumbing_tables
from sqlalchemy import Column, MetaData, String

metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(metadata)


def key(name: str) -> Column[str]:
    """A table's text primary key (the directory's ids)."""
    return Column(name, String(64), primary_key=True)
