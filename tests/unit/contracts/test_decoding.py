"""`decode_all` decodes a batch as `decode` decodes each record: the same envelopes and events,
and for a record it cannot read, the same reason, without losing the records around it."""

from __future__ import annotations

import json
from datetime import date

from spin_contracts.events import Envelope, Event, Tenant, UnknownEventError, decode
from spin_contracts.events.decoding import decode_all
from spin_demo.directory import Sizes
from spin_demo.events import generate

SIZES = Sizes(
    institutes=1, agencies=2, sites=2, practitioners=4, cases=6, months=6, end=date(2026, 6, 30)
)
TENANT = Tenant(institute_id="inst-1", agency_id="agency-1")


def _history() -> list[bytes]:
    return [envelope.to_bytes() for envelope, _ in generate(SIZES, 3)]


def _same(decoded: tuple[Envelope, Event], expected: tuple[Envelope, Event]) -> None:
    envelope, event = decoded
    assert isinstance(envelope, Envelope)
    assert event == expected[1]
    payload: object = envelope.payload
    assert payload is event  # the typed envelope holds the event itself
    assert json.loads(envelope.to_bytes()) == json.loads(expected[0].to_bytes())
    assert envelope.event_type == type(event).event_type


def _refused(value: bytes) -> str:
    try:
        decode(value)
    except UnknownEventError as error:
        return str(error)
    raise AssertionError("decode accepted it")


def test_a_batch_decodes_as_its_records_do_one_by_one() -> None:
    values = _history()
    kinds = {json.loads(v)["event_type"] for v in values}
    assert len(kinds) >= 10  # the history exercises many kinds of event

    for decoded, value in zip(decode_all(values), values, strict=True):
        assert not isinstance(decoded, UnknownEventError)
        _same(decoded, decode(value))


def test_unreadable_records_keep_their_reason_and_spare_the_others() -> None:
    good = _history()[:3]
    future = json.loads(good[0]) | {"schema_version": 99}
    alien = json.loads(good[1]) | {"event_type": "case.exploded"}
    invalid = json.loads(good[2])
    invalid["payload"]["display_name"] = "Jan de Vries"  # a field no event of its kind has
    bad = [json.dumps(v).encode() for v in (future, alien, invalid)] + [b"\x00garbage", b""]
    values = [good[0], *bad[:3], good[1], *bad[3:], good[2]]

    decoded = decode_all(values)

    assert [isinstance(d, UnknownEventError) for d in decoded] == [
        False, True, True, True, False, True, True, False,
    ]  # fmt: skip
    for item, value in zip(decoded, values, strict=True):
        if isinstance(item, UnknownEventError):
            assert str(item) == _refused(value)
        else:
            _same(item, decode(value))
    assert "unknown event" in str(decoded[1])


def test_an_empty_batch_decodes_to_nothing() -> None:
    assert decode_all([]) == []
