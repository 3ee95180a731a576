"""Languages chosen: a person's own (by portal username) and an institute's default."""

from sqlalchemy import Column, String, Table

from spin_portal.adapters.tables import metadata

PERSON_LANGUAGES = Table(
    "person_languages",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("language", String(16), nullable=False),
)
INSTITUTE_LANGUAGES = Table(
    "institute_languages",
    metadata,
    Column("institute_id", String(64), primary_key=True),
    Column("language", String(16), nullable=False),
)
