"""The portal schema (SQLAlchemy Core), created by `migrations/`, by area: facts projected from
events (`facts`), what is computed from them (`indicators`) and the portal's own records
(`accounts`), all on `schema.metadata`. Importing this package puts every one of them on the
metadata (migration 0002 creates what it holds); callers import the tables from here."""

from spin_portal.adapters.tables.accounts import (
    AUDIT_LOG,
    LOGIN_FAILURES,
    PASSWORD_LINKS,
    UPLOAD_TOKENS,
    USERS,
    WEB_SESSIONS,
)
from spin_portal.adapters.tables.facts import (
    AGENCIES,
    CASES,
    CONSENTS,
    DEAD_LETTERS,
    DIRTY_CASES,
    FOOTAGE,
    HELPING_QUESTIONS,
    INSTITUTES,
    MOMENTS,
    PRACTITIONERS,
    SESSIONS,
    SITES,
    SUPERVISIONS,
)
from spin_portal.adapters.tables.indicators import CASE_INDICATORS, ROLLUPS, THRESHOLDS
from spin_portal.adapters.tables.schema import OUTBOX, PROCESSED_EVENTS, metadata

# Everything `spin-portal-admin rebuild` empties before replaying the topics.
READ_MODEL = (
    INSTITUTES,
    AGENCIES,
    SITES,
    PRACTITIONERS,
    CASES,
    HELPING_QUESTIONS,
    SESSIONS,
    MOMENTS,
    SUPERVISIONS,
    CONSENTS,
    FOOTAGE,
    DEAD_LETTERS,
    DIRTY_CASES,
    CASE_INDICATORS,
    ROLLUPS,
)

__all__ = [
    "AGENCIES",
    "AUDIT_LOG",
    "CASES",
    "CASE_INDICATORS",
    "CONSENTS",
    "DEAD_LETTERS",
    "DIRTY_CASES",
    "FOOTAGE",
    "HELPING_QUESTIONS",
    "INSTITUTES",
    "LOGIN_FAILURES",
    "MOMENTS",
    "OUTBOX",
    "PASSWORD_LINKS",
    "PRACTITIONERS",
    "PROCESSED_EVENTS",
    "READ_MODEL",
    "ROLLUPS",
    "SESSIONS",
    "SITES",
    "SUPERVISIONS",
    "THRESHOLDS",
    "UPLOAD_TOKENS",
    "USERS",
    "WEB_SESSIONS",
    "metadata",
]
