"""The portal schema (SQLAlchemy Core), created by `migrations/`: facts projected from events
(directory, cases, sessions, consents, footage, dead letters), what is computed from them (case
indicators, rollups) and the portal's own records (users, sessions, tokens, audit, thresholds)."""

from spincore.db import plumbing_tables
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(metadata)


def _id(name: str) -> Column[str]:
    return Column(name, String(64), primary_key=True)


INSTITUTES = Table(
    "institutes",
    metadata,
    _id("institute_id"),
    Column("name", String(120)),
    Column("country", String(2)),
)
AGENCIES = Table(
    "agencies",
    metadata,
    _id("agency_id"),
    Column("institute_id", String(64)),
    Column("name", String(120)),
    Index("agencies_institute", "institute_id"),
)
SITES = Table(
    "sites",
    metadata,
    _id("site_id"),
    Column("agency_id", String(64)),
    Column("name", String(120)),
    Index("sites_agency", "agency_id"),
)
PRACTITIONERS = Table(
    "practitioners",
    metadata,
    _id("practitioner_id"),
    Column("agency_id", String(64)),
    Column("site_id", String(64)),
    Column("display_name", String(120)),
    Column("apprenticeship_started_on", Date),
    Column("supervisor_id", String(64)),
    Index("practitioners_agency", "agency_id"),
)
CASES = Table(
    "cases",
    metadata,
    Column("case_code", String(32), primary_key=True),
    Column("case_id", Uuid),
    Column("institute_id", String(64)),
    Column("agency_id", String(64)),
    Column("site_id", String(64)),
    Column("practitioner_id", String(64)),
    Column("delivery_setting", String(32)),
    Column("opened_on", Date),
    Column("closed_on", Date),
    Column("close_reason", String(64)),
    Index("cases_agency", "agency_id"),
    Index("cases_practitioner", "practitioner_id"),
    Index("cases_case_id", "case_id"),
)
HELPING_QUESTIONS = Table(
    "helping_questions",
    metadata,
    Column("helping_question_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("recorded_at", DateTime(timezone=True)),
    Index("helping_questions_case", "case_code"),
)
SESSIONS = Table(
    "sessions",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("kind", String(32)),
    Column("practitioner_id", String(64)),
    Column("held_at", DateTime(timezone=True)),
    Column("duration_minutes", Integer),
    Column("children_present", Boolean),
    Column("homework_agreed", Boolean),
    Column("filming_session_ref", String(64)),
    Column("clips_shown", JSONB, doc="[[strength, linked to a helping question], ...]"),
    Index("sessions_case", "case_code"),
)
MOMENTS = Table(
    "moments",
    metadata,
    Column("moment_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("footage_id", Uuid),
    Column("start_s", Float),
    Column("end_s", Float),
    Column("kind", String(32)),
    Column("principles", JSONB),
    Index("moments_case", "case_code"),
    Index("moments_footage", "footage_id"),  # "footage not yet tagged" on the case list
)
SUPERVISIONS = Table(
    "supervisions",
    metadata,
    Column("supervision_id", Uuid, primary_key=True),
    Column("practitioner_id", String(64), nullable=False),
    Column("supervisor_id", String(64)),
    Column("held_at", DateTime(timezone=True)),
    Index("supervisions_practitioner", "practitioner_id"),
)
CONSENTS = Table(
    "consents",
    metadata,
    Column("consent_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("purpose", String(32)),
    Column("granted_at", DateTime(timezone=True)),
    Column("valid_until", DateTime(timezone=True)),
    Column("withdrawn_at", DateTime(timezone=True)),
    Index("consents_case", "case_code"),
)
FOOTAGE = Table(
    "footage",
    metadata,
    Column("footage_id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("institute_id", String(64)),
    Column("agency_id", String(64)),
    Column("site_id", String(64)),
    Column("filming_session_id", String(64)),
    Column("filmed_at", DateTime(timezone=True)),
    Column("uploaded_at", DateTime(timezone=True)),
    Column("size_bytes", BigInteger),
    Column("bucket", String(64)),
    Column("rendition_key", Text),
    Column("transcoded_at", DateTime(timezone=True)),
    Column("failed_stage", String(64)),
    Column("failed_reason", Text),  # English, as the event carried it
    Column("failed", JSONB, doc="the failure's code and values, worded by the page"),
    Column("failed_at", DateTime(timezone=True)),
    Index("footage_case", "case_code"),
    Index("footage_agency", "agency_id"),
)
DEAD_LETTERS = Table(
    "dead_letters",
    metadata,
    Column("partition", Integer),
    Column("offset", BigInteger),
    Column("received_at", DateTime(timezone=True)),
    Column("source_topic", String(200)),
    Column("consumer", String(80)),
    Column("reason", Text),
    Column("event_type", String(80)),
    Column("institute_id", String(64)),
    Column("agency_id", String(64)),
    Column("attempts", Integer),
    PrimaryKeyConstraint("partition", "offset"),
)
DIRTY_CASES = Table("dirty_cases", metadata, Column("case_code", String(32), primary_key=True))
CASE_INDICATORS = Table(
    "case_indicators",
    metadata,
    Column("case_code", String(32)),
    Column("indicator", String(4)),
    Column("outcome", String(4), nullable=False),
    Column("reason", Text, nullable=False),  # English; pages show it where no template (< 0009)
    Column("reason_template", Text),
    Column("reason_params", JSONB),
    PrimaryKeyConstraint("case_code", "indicator"),
)
ROLLUPS = Table(
    "rollups",
    metadata,
    Column("scope_kind", String(16)),
    Column("scope_id", String(64)),
    Column("month", Date),
    Column("indicator", String(4)),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64)),
    Column("cases", Integer, nullable=False),
    Column("applicable", Integer, nullable=False),
    Column("passing", Integer, nullable=False),
    PrimaryKeyConstraint("scope_kind", "scope_id", "month", "indicator"),
    Index("rollups_institute", "scope_kind", "institute_id", "month"),
    Index("rollups_agency", "scope_kind", "agency_id", "month"),
)
THRESHOLDS = Table(
    "thresholds",
    metadata,
    Column("institute_id", String(64)),
    Column("name", String(64)),
    Column("value", Float, nullable=False),
    PrimaryKeyConstraint("institute_id", "name"),
)
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
