"""Where the read model stands on each partition it projects: written in the transaction of
each batch, so the model and its position never disagree (a rebuilt model brings its own)."""

from sqlalchemy import BigInteger, Column, Integer, String, Table

from spin_portal.adapters.tables import metadata

POSITIONS = Table(
    "projection_positions",
    metadata,
    Column("topic", String(249), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("next_offset", BigInteger, nullable=False),
)
