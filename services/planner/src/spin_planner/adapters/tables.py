"""The planner schema (SQLAlchemy Core); migrations under `migrations/` create it.

Free text of families (helping questions, reflections, notes) lives only here, never in events.
"""

from spincore.db import plumbing_tables
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(metadata)


def _created() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def _version() -> Column[int]:
    return Column("version", Integer, nullable=False, server_default="1")


INSTITUTES = Table(
    "institutes",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("country", String(2), nullable=False),
    _created(),
)

AGENCIES = Table(
    "agencies",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("institute_id", String(64), ForeignKey("institutes.id"), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("downloads_allowed", Boolean, nullable=False, server_default=false()),
    _version(),
    _created(),
)

SITES = Table(
    "sites",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    _created(),
)

PRACTITIONERS = Table(
    "practitioners",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False, index=True),
    Column("site_id", String(64), ForeignKey("sites.id"), nullable=False),
    Column("display_name", String(120), nullable=False),
    Column("apprenticeship_started_on", Date),
    Column("supervisor_id", String(64), ForeignKey("practitioners.id"), index=True),
    _created(),
)

CASES = Table(
    "cases",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_code", String(32), nullable=False),
    Column("institute_id", String(64), nullable=False),
    Column("agency_id", String(64), ForeignKey("agencies.id"), nullable=False),
    Column("site_id", String(64), ForeignKey("sites.id"), nullable=False),
    Column("practitioner_id", String(64), ForeignKey("practitioners.id"), nullable=False),
    Column("delivery_setting", String(32), nullable=False),
    Column("caregivers", JSONB, nullable=False),
    Column("children", JSONB, nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("self_rating_start", Integer),
    Column("closed_on", Date),
    Column("close_reason", String(64)),
    Column("self_rating_end", Integer),
    _version(),
    _created(),
    # Case codes travel in every event and object key; unique platform-wide, so no read
    # model or consent view can ever mix two agencies' cases that share a code.
    UniqueConstraint("case_code", name="cases_code_unique"),
    Index("cases_by_practitioner", "practitioner_id", "opened_on"),
    Index("cases_by_agency", "agency_id", "opened_on"),
)

CONSENTS = Table(
    "consents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("purpose", String(32), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("valid_until", DateTime(timezone=True)),
    Column("withdrawn_at", DateTime(timezone=True)),
    _created(),
)

# A legal hold suspends erasure of a case's footage; its reason stays here (audit), never in
# an event or a log line.
LEGAL_HOLDS = Table(
    "legal_holds",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("reason", Text, nullable=False),
    Column("placed_by", String(128), nullable=False),
    Column("placed_at", DateTime(timezone=True), nullable=False),
    Column("lifted_by", String(128)),
    Column("lifted_at", DateTime(timezone=True)),
)

HELPING_QUESTIONS = Table(
    "helping_questions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("words", Text, nullable=False),
    Column("goals", JSONB, nullable=False),
    Column("status", String(16), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    _version(),
    _created(),
)

SESSIONS = Table(
    "sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("practitioner_id", String(64), nullable=False),
    Column("held_at", DateTime(timezone=True), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("children_present", Boolean),
    Column("filming_session_ref", String(64)),
    Column("clips_shown", JSONB, nullable=False),
    Column("homework", Text),
    Column("parent_reflection", Text),
    Column("feedback_plan_id", Uuid),
    Column("note", Text),
    _created(),
    Index("sessions_by_case", "case_id", "held_at"),
    UniqueConstraint("case_id", "filming_session_ref", name="sessions_filming_ref"),
)

SUPERVISIONS = Table(
    "supervisions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("agency_id", String(64), nullable=False),
    Column("practitioner_id", String(64), ForeignKey("practitioners.id"), nullable=False),
    Column("supervisor_id", String(64), ForeignKey("practitioners.id"), nullable=False),
    Column("held_at", DateTime(timezone=True), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("note", Text),
    Column("footage_ids", JSONB, nullable=False, server_default="[]"),  # footage reviewed
    _created(),
    Index("supervisions_by_practitioner", "practitioner_id", "held_at"),
)

# Footage is learnt from ingest and transcode events; it may arrive before its filming session
# is recorded, so it is linked by (agency, case code, filming session ref), not a foreign key.
FOOTAGE = Table(
    "footage",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("agency_id", String(64)),
    Column("case_code", String(32), nullable=False),
    Column("filming_session_ref", String(64)),
    Column("status", String(16), nullable=False),
    Column("percent", Integer, nullable=False, server_default="0"),
    Column("stage", String(32)),
    Column("duration_s", Float),
    Column("filmed_at", DateTime(timezone=True)),
    Column("uploaded_at", DateTime(timezone=True)),
    Column("failure_reason", Text),  # English, as older events carried it
    Column("failure", JSONB),  # {"code", "stage", "attempts", "short_of_disk"}: to be worded
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # From footage.transcoded: renditions, poster, sprite and thumbnails keys in `bucket`,
    # and the frame rate and size of the picture (see FootageMedia).
    Column("bucket", Text),
    Column("media", JSONB),
    # From footage.erased: when, why (a closed set) and whether only the camera file went.
    Column("erased_at", DateTime(timezone=True)),
    Column("erased_reason", String(32)),
    Column("raw_erased_at", DateTime(timezone=True)),
    Index("footage_by_case", "agency_id", "case_code"),
)

FEEDBACK_PLANS = Table(
    "feedback_plans",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("moment_ids", JSONB, nullable=False),
    Column("principles_in_focus", JSONB, nullable=False),
    Column("questions", JSONB, nullable=False),
    Column("shown_in_session_id", Uuid),
    _version(),
    _created(),
)

MOMENTS = Table(
    "moments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("footage_id", Uuid, ForeignKey("footage.id"), nullable=False),
    Column("start_s", Float, nullable=False),
    Column("end_s", Float, nullable=False),
    Column("principles", JSONB, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("helping_question_id", Uuid, ForeignKey("helping_questions.id")),
    Column("note", Text),
    _version(),
    _created(),
)

CLIP_REQUESTS = Table(
    "clip_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False),
    Column("feedback_plan_id", Uuid, ForeignKey("feedback_plans.id"), index=True),
    Column("footage_id", Uuid, nullable=False),
    Column("moment_ids", JSONB, nullable=False),
    Column("reel", Boolean, nullable=False),
    Column("reel_title", Text),  # what the practitioner called the reel: never in an event
    Column("status", String(16), nullable=False),
    Column("clip_keys", JSONB, nullable=False),
    Column("reel_key", String(512)),
    Column("failure_reason", Text),
    Column("failure", JSONB),  # as footage.failure
    Column("clips_done", Integer, nullable=False, server_default="0"),  # clip.progress
    _created(),
)

# A moment's rendered clip marked for use in training (under the training consent); the
# footage lifecycle erases it on withdrawal or five years on, and footage.erased says when.
TRAINING_CLIPS = Table(
    "training_clips",
    metadata,
    Column("moment_id", Uuid, ForeignKey("moments.id"), primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.id"), nullable=False, index=True),
    Column("footage_id", Uuid, nullable=False, index=True),
    Column("clip_key", String(512), nullable=False),
    Column("marked_by", String(128), nullable=False),
    Column("marked_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True)),
    Column("erased_reason", String(32)),
)
