"""The portal's own records: users, their password links and web sessions, failed logins,
upload tokens and the audit log."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Index,
    String,
    Table,
    Text,
    func,
)

from spin_portal.adapters.tables.schema import metadata

USERS = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64)),
    Column("created_at", DateTime(timezone=True), server_default=func.now()),
    # Practitioners and supervisors log in as a practitioner of the planner's directory.
    Column("site_id", String(64)),
    Column("practitioner_id", String(64)),
    Column("active", Boolean, nullable=False, server_default="true"),
)
PASSWORD_LINKS = Table(
    "password_links",
    metadata,
    Column("token_hash", String(64), primary_key=True, doc="sha256 of the link's secret"),
    Column("username", String(64), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Index("password_links_username", "username"),
)
WEB_SESSIONS = Table(
    "web_sessions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
LOGIN_FAILURES = Table(
    "login_failures",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("username", String(64), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("login_failures_username", "username", "at"),
    Index("login_failures_client", "client", "at"),
)
UPLOAD_TOKENS = Table(
    "upload_tokens",
    metadata,
    Column("token_id", String(64), primary_key=True),
    Column("agency_id", String(64), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("issued_by", String(64), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("revoked_by", String(64)),
    Index("upload_tokens_agency", "agency_id"),
)
AUDIT_LOG = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("username", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("action", String(32), nullable=False),
    Column("agency_id", String(64)),
    Column("case_code", String(32)),
    Column("subject", Text, nullable=False, doc="what was seen or exported"),
    Index("audit_log_agency", "agency_id", "at"),
)
