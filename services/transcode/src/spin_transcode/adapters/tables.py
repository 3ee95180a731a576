"""The transcode schema (SQLAlchemy Core); migrations under `migrations/` create it."""

from spincore.db import plumbing_tables
from sqlalchemy import MetaData

metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(metadata)
