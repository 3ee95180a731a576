"""Time zones chosen: an institute's (its people's pages show times on its clock)."""

from sqlalchemy import Column, String, Table

from spin_portal.adapters.tables import metadata

INSTITUTE_TIME_ZONES = Table(
    "institute_time_zones",
    metadata,
    Column("institute_id", String(64), primary_key=True),
    Column("time_zone", String(64), nullable=False),
)
