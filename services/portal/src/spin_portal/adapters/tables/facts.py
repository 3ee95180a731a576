"""Facts projected from events: the directory, cases, their sessions, moments, supervisions,
consents and footage, dead letters, and the cases whose indicators are due for a refresh."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from spin_portal.adapters.tables.schema import key, metadata

INSTITUTES = Table(
    "institutes",
    metadata,
    key("institute_id"),
    Column("name", String(120)),
    Column("country", String(2)),
)
AGENCIES = Table(
    "agencies",
    metadata,
    key("agency_id"),
    Column("institute_id", String(64)),
    Column("name", String(120)),
    Index("agencies_institute", "institute_id"),
)
SITES = Table(
    "sites",
    metadata,
    key("site_id"),
    Column("agency_id", String(64)),
    Column("name", String(120)),
    Index("sites_agency", "agency_id"),
)
PRACTITIONERS = Table(
    "practitioners",
    metadata,
    key("practitioner_id"),
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
