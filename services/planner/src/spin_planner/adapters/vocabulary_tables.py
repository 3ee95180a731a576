"""An institute's vocabulary: which one its people tag with, and the names it gives to tags
per language. Moments keep their canonical tag ids; these rows only change what is shown."""

from sqlalchemy import Column, DateTime, ForeignKey, String, Table, func

from spin_planner.adapters.tables import metadata

INSTITUTE_VOCABULARIES = Table(
    "institute_vocabularies",
    metadata,
    Column("institute_id", String(64), ForeignKey("institutes.id"), primary_key=True),
    Column("vocabulary", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
INSTITUTE_TAG_NAMES = Table(
    "institute_tag_names",
    metadata,
    Column("institute_id", String(64), ForeignKey("institutes.id"), primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("tag", String(160), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
