"""The ingest schema (SQLAlchemy Core); migrations under `migrations/` create it."""

from spincore.db import plumbing_tables
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)

metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(metadata)

# status: receiving -> completed | failed | terminated | expired
UPLOADS = Table(
    "uploads",
    metadata,
    Column("upload_id", Uuid, primary_key=True),
    Column("footage_id", Uuid, nullable=False, unique=True),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("case_code", String(32), nullable=False),
    Column("filming_session_id", String(64), nullable=False),
    Column("filmed_at", DateTime(timezone=True), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("device", String(100)),
    Column("declared_sha256", String(64)),
    Column("metadata_header", Text, nullable=False),
    Column("length", BigInteger),
    Column("offset", BigInteger, nullable=False, server_default="0"),
    Column("tail_length", BigInteger, nullable=False, server_default="0"),
    Column("head", LargeBinary, nullable=False, server_default=text("''::bytea")),
    Column("object_key", String(300), nullable=False),
    Column("s3_upload_id", String(300), nullable=False),
    Column("status", String(16), nullable=False, server_default="receiving"),
    Column("duplicate_of", Uuid),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("uploads_unfinished_by_site", "site_id", postgresql_where=text("status = 'receiving'")),
    Index("uploads_expiry", "expires_at", postgresql_where=text("status = 'receiving'")),
)

UPLOAD_PARTS = Table(
    "upload_parts",
    metadata,
    Column("upload_id", Uuid, ForeignKey("uploads.upload_id", ondelete="CASCADE"), nullable=False),
    Column("part_number", Integer, nullable=False),
    Column("etag", String(200), nullable=False),
    Column("size", BigInteger, nullable=False),
    PrimaryKeyConstraint("upload_id", "part_number"),
)

FOOTAGE = Table(
    "footage",
    metadata,
    Column("footage_id", Uuid, primary_key=True),
    Column("upload_id", Uuid, nullable=False, unique=True),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("case_code", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("container", String(16), nullable=False),
    Column("object_key", String(300), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("agency_id", "case_code", "sha256", name="footage_once_per_case"),
)

# Ingest's own view of filming consent, fed by consent.granted / consent.withdrawn.
CONSENTS = Table(
    "consents",
    metadata,
    Column("consent_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("agency_id", String(64)),
    Column("purpose", String(32), nullable=False),
    Column("granted_at", DateTime(timezone=True)),
    Column("valid_until", DateTime(timezone=True)),
    Column("withdrawn_at", DateTime(timezone=True)),
    Index("consents_by_case", "case_code", "purpose"),
)
