"""The institute's time zone: which zone a page uses, and times written on its clock across
daylight saving time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from spin_portal.domain.time_zone import (
    in_zone,
    known_zone,
    resolve_zone,
    zone_choices,
    zone_names,
    zone_place,
)
from spin_portal.settings import PortalSettings
from spin_portal.web import i18n
from spin_portal.web.workspace_forms import local_time
from starlette.datastructures import FormData

JERUSALEM = ZoneInfo("Asia/Jerusalem")


@pytest.fixture
def on_jerusalem_clock() -> Iterator[None]:
    before = i18n.current_time_zone()
    i18n.use_language("en")
    i18n.use_time_zone(JERUSALEM)
    yield
    i18n.use_time_zone(before)


def test_the_institutes_zone_then_the_deployments_then_utc() -> None:
    assert resolve_zone(institute="Asia/Jerusalem", fallback="Europe/Amsterdam") == JERUSALEM
    assert resolve_zone(institute=None, fallback="Europe/Amsterdam").key == "Europe/Amsterdam"
    assert resolve_zone(institute="Mars/Olympus", fallback=None).key == "UTC"
    assert resolve_zone().key == "UTC"


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../etc/passwd", "/etc/localtime", "x" * 80])
def test_what_is_not_a_zone_is_none(name: str) -> None:
    assert known_zone(name) is None


def test_the_zones_offered_are_sorted_iana_names() -> None:
    names = zone_names()
    assert "Asia/Jerusalem" in names
    assert names == sorted(names)


def test_the_setting_refuses_an_unknown_zone() -> None:
    with pytest.raises(ValidationError, match="IANA"):
        PortalSettings(time_zone="Mars/Olympus")
    assert PortalSettings().time_zone == "UTC"


def test_naive_moments_count_as_utc() -> None:
    assert in_zone(datetime(2026, 1, 5, 10, 0), JERUSALEM).hour == 12


@pytest.mark.usefixtures("on_jerusalem_clock")
@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        ("2026-01-05T10:00:00+00:00", "12:00 PM"),  # winter: UTC+2
        ("2026-07-05T10:00:00+00:00", "1:00 PM"),  # summer: UTC+3
        ("2026-03-27T23:30:00+00:00", "2:30 AM"),  # the night the clocks go forward
    ],
)
def test_times_show_on_the_institutes_clock_across_dst(moment: str, shown: str) -> None:
    assert i18n.when(moment).replace("\u202f", " ").endswith(shown)
    assert i18n.clock(datetime.fromisoformat(moment)).replace("\u202f", " ") == shown
    assert i18n.zone_label() == "Israel Time"
    assert i18n.zone_id() == "Asia/Jerusalem"


@pytest.mark.usefixtures("on_jerusalem_clock")
@pytest.mark.parametrize(
    ("language", "label"), [("en", "Israel Time"), ("nl", "tijd in Israël"), ("he", "שעון ישראל")]
)
def test_the_printed_zone_is_named_in_the_pages_language(language: str, label: str) -> None:
    """What follows a printed time; the IANA id stays in data attributes (`zone_id`)."""
    i18n.use_language(language)
    try:
        assert (i18n.zone_label(), i18n.zone_id()) == (label, "Asia/Jerusalem")
        i18n.use_time_zone(ZoneInfo("UTC"))
        assert i18n.zone_label() == "UTC"
    finally:
        i18n.use_language("en")


@pytest.mark.usefixtures("on_jerusalem_clock")
def test_a_day_near_midnight_is_the_institutes_day() -> None:
    assert i18n.when(datetime(2026, 7, 5, 22, 30, tzinfo=UTC)).startswith("Jul 6, 2026")


@pytest.mark.usefixtures("on_jerusalem_clock")
def test_form_times_are_read_on_the_institutes_clock() -> None:
    """A laptop set to UTC records an Israeli session in Israel's time."""
    winter = local_time(FormData({"held_at": "2026-01-05T10:30"}), "held_at")
    summer = local_time(FormData({"held_at": "2026-07-05T10:30"}), "held_at")
    assert winter == "2026-01-05T10:30:00+02:00"
    assert summer == "2026-07-05T10:30:00+03:00"
    aware = local_time(FormData({"held_at": "2026-07-05T10:30+00:00"}), "held_at")
    assert aware == "2026-07-05T10:30:00+00:00"


@pytest.mark.parametrize(
    ("language", "amsterdam", "jerusalem"),
    [
        ("nl", "tijd in Nederland", "tijd in Israël"),
        ("he", "שעון הולנד", "שעון ישראל"),
        ("en", "Netherlands Time", "Israel Time"),
    ],
)
def test_zones_are_named_by_their_place_in_the_pages_language(
    language: str, amsterdam: str, jerusalem: str
) -> None:
    assert zone_place("Europe/Amsterdam", language) == amsterdam
    assert zone_place("Asia/Jerusalem", language) == jerusalem


def test_zones_in_no_country_keep_their_iana_id() -> None:
    assert zone_place("UTC", "nl") == "UTC"
    assert zone_place("Etc/GMT+5", "he") == "Etc/GMT+5"


def test_every_zone_is_a_choice_of_its_own_words_sorted_by_them() -> None:
    choices = zone_choices("nl")
    assert [zone for zone, _ in choices] != zone_names()  # by place, not by id
    assert sorted(zone for zone, _ in choices) == zone_names()
    words = [place for _, place in choices]
    assert len(set(words)) == len(words)
    assert words == sorted(words, key=str.casefold)
    shown = dict(choices)
    assert shown["Europe/Amsterdam"] == "tijd in Nederland"
    assert shown["Asia/Tel_Aviv"] == "tijd in Israël (Asia/Tel_Aviv)"
