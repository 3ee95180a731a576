"""Query values the portal sends the planner read as the planner's API expects them."""

from enum import StrEnum
from uuid import UUID

from spin_portal.adapters.planner import query_value


class Kind(StrEnum):
    STRENGTH = "strength"


def test_uuids_enums_and_booleans_become_the_planners_words() -> None:
    footage = UUID("6bb37971-cbdc-42a9-9e61-2f5b17914b68")
    assert query_value(footage) == "6bb37971-cbdc-42a9-9e61-2f5b17914b68"
    assert query_value(Kind.STRENGTH) == "strength"
    assert query_value(True) == "true"
    assert query_value(False) == "false"


def test_numbers_and_words_pass_as_they_are() -> None:
    assert query_value(200) == 200
    assert query_value(0.5) == 0.5
    assert query_value("open") == "open"
