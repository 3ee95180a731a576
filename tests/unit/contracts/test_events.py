from datetime import UTC, datetime
from uuid import uuid4

import pytest
from pydantic import ValidationError
from spin_contracts.events import Envelope, Tenant, UnknownEventError, decode, registered_events
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.events.footage import ClipRequested, FootageUploaded, MediaMetadata
from spin_contracts.topics import TOPICS, Topic

TENANT = Tenant(institute_id="spin-nl", agency_id="agency-a", site_id="site-1")


def consent() -> ConsentGranted:
    return ConsentGranted(
        consent_id=uuid4(),
        case_code="CASE-0001",
        purpose=ConsentPurpose.FILMING,
        granted_at=datetime.now(UTC),
    )


def test_an_enveloped_event_decodes_to_the_same_event() -> None:
    event = consent()
    envelope = Envelope.wrap(event, producer="planner", tenant=TENANT)

    decoded_envelope, decoded = decode(envelope.to_bytes())

    assert decoded == event
    assert decoded_envelope.event_id == envelope.event_id
    assert decoded_envelope.event_type == "consent.granted"
    assert decoded_envelope.schema_version == 1
    assert decoded_envelope.tenant == TENANT


def test_a_caused_event_inherits_correlation_and_names_its_cause() -> None:
    cause = Envelope.wrap(consent(), producer="planner", tenant=TENANT, correlation_id="req-42")
    effect = Envelope.wrap(consent(), producer="ingest", tenant=TENANT, caused_by=cause)

    assert effect.correlation_id == "req-42"
    assert effect.causation_id == cause.event_id


@pytest.mark.parametrize(
    ("mutation", "reason"),
    [
        ({"event_type": "consent.exploded"}, "unknown event consent.exploded v1"),
        ({"schema_version": 99}, "unknown event consent.granted v99"),
        ({"payload": {"case_code": "CASE-0001"}}, "payload invalid"),
    ],
)
def test_unknown_or_invalid_events_are_refused_with_the_reason(
    mutation: dict[str, object], reason: str
) -> None:
    envelope = Envelope.wrap(consent(), producer="planner", tenant=TENANT)
    raw = envelope.model_copy(update=mutation).to_bytes()

    with pytest.raises(UnknownEventError, match=reason):
        decode(raw)


def test_bytes_that_are_not_an_envelope_are_refused() -> None:
    with pytest.raises(UnknownEventError, match="not a valid envelope"):
        decode(b"\x00garbage")


def test_case_codes_are_pseudonymous_codes_not_names() -> None:
    with pytest.raises(ValidationError, match="case_code"):
        ConsentGranted(
            consent_id=uuid4(),
            case_code="Jane Doe",
            purpose=ConsentPurpose.FILMING,
            granted_at=datetime.now(UTC),
        )


def test_every_event_belongs_to_a_registered_topic_and_has_a_key() -> None:
    for event_class in registered_events():
        assert Topic(event_class.topic) in TOPICS
        assert event_class.schema_version >= 1
        assert event_class.__doc__ or event_class.event_type


def test_footage_events_are_keyed_by_footage() -> None:
    footage_id = uuid4()
    event = FootageUploaded(
        footage_id=footage_id,
        case_code="CASE-0001",
        filming_session_id="fs-1",
        filmed_at=datetime.now(UTC),
        uploaded_at=datetime.now(UTC),
        bucket="b",
        object_key="raw/a/s/f",
        size_bytes=10,
        sha256="0" * 64,
        container="mp4",
    )
    assert event.partition_key() == str(footage_id)


def _upload(**changes: object) -> dict[str, object]:
    return {
        "footage_id": str(uuid4()),
        "case_code": "CASE-0001",
        "filming_session_id": "fs-1",
        "filmed_at": datetime.now(UTC).isoformat(),
        "uploaded_at": datetime.now(UTC).isoformat(),
        "bucket": "b",
        "object_key": "raw/a/s/f",
        "size_bytes": 10,
        "sha256": "0" * 64,
        "container": "mp4",
        **changes,
    }


def test_an_upload_event_never_carries_the_typed_device() -> None:
    typed = FootageUploaded.model_validate(_upload(device="iPhone van Jan de Vries"))
    envelope = Envelope.wrap(typed, producer="ingest", tenant=TENANT)

    assert b"Jan de Vries" not in envelope.to_bytes()
    assert "device" not in envelope.payload
    _, older = decode(envelope.to_bytes())  # and one already on the topic still decodes
    assert isinstance(older, FootageUploaded)


def test_a_clip_request_never_carries_the_reels_title_or_captions() -> None:
    typed = ClipRequested.model_validate(
        {
            "request_id": str(uuid4()),
            "footage_id": str(uuid4()),
            "case_code": "US-BOS-0042",
            "clips": [{"clip_id": str(uuid4()), "start_s": 0, "end_s": 1, "caption": "Jo smiles"}],
            "reel": True,
            "reel_title": "Bedtime with Jo",
        }
    )
    envelope = Envelope.wrap(typed, producer="planner", tenant=TENANT)

    assert b"Jo" not in envelope.to_bytes()
    assert "reel_title" not in envelope.payload
    assert "caption" not in envelope.payload["clips"][0]
    _, older = decode(envelope.to_bytes())
    assert isinstance(older, ClipRequested)


@pytest.mark.parametrize("session", ["Jan de Vries", "visit 7", "", "x" * 65, "bedtime\n"])
def test_a_filming_session_id_is_an_identifier_not_words(session: str) -> None:
    with pytest.raises(ValidationError, match="filming_session_id"):
        FootageUploaded.model_validate(_upload(filming_session_id=session))


def test_the_rotation_convention_is_documented_against_ffprobe() -> None:
    described = MediaMetadata.model_json_schema()["properties"]
    assert "clockwise" in described["rotation"]["description"]
    assert "ffprobe" in described["rotation"]["description"]
    assert "1970-01-01" in described["recorded_at"]["description"]
