"""The workspace's pure parts: what to do next on a case, forms as the planner's bodies, the
person a token is minted for."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from spin_contracts.claims import Role
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.next_steps import CaseProgress, next_step
from spin_portal.web.workspace_deps import field_errors, person_of
from spin_portal.web.workspace_forms import FormFieldError, filming, local_time, new_case
from starlette.datastructures import FormData

FRESH = CaseProgress(
    closed=False,
    filming_consent=True,
    helping_questions=1,
    footage_ready=0,
    footage_ready_untagged=0,
    footage_processing=0,
    last_filming_at=None,
    last_review_at=None,
)
FILMED = datetime(2026, 3, 2, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("progress", "step"),
    [
        (replace(FRESH, closed=True, filming_consent=False), "Closed"),
        (replace(FRESH, filming_consent=False), "Consent missing: record the filming consent"),
        (replace(FRESH, helping_questions=0), "Write the parent's helping question"),
        (replace(FRESH, footage_ready=2, footage_ready_untagged=1), "Footage to analyse (1)"),
        (replace(FRESH, footage_ready=1, last_filming_at=FILMED), "Shared review due"),
        (
            replace(FRESH, footage_ready=1, last_filming_at=FILMED, last_review_at=FILMED),
            "Film the next interaction",
        ),
        (replace(FRESH, footage_processing=1), "Footage processing"),
        (FRESH, "Film the next interaction"),
    ],
)
def test_the_next_step_of_a_case(progress: CaseProgress, step: str) -> None:
    assert next_step(progress)[0] == step


def test_missing_consent_comes_before_everything_else_in_a_list() -> None:
    missing = next_step(replace(FRESH, filming_consent=False))[1]
    assert all(missing < next_step(p)[1] for p in (FRESH, replace(FRESH, helping_questions=0)))


def test_local_times_carry_the_pages_zone() -> None:
    """UTC where no institute zone is set (the institute's: test_time_zone.py)."""
    assert local_time(FormData({"held_at": "2026-03-02T10:30"}), "held_at").endswith("+00:00")
    with pytest.raises(FormFieldError, match="date and time"):
        local_time(FormData({"held_at": "tomorrow"}), "held_at")


def test_forms_become_the_planners_bodies() -> None:
    case = new_case(
        FormData(
            {
                "delivery_setting": "foster_kinship",
                "opened_on": "2026-03-01",
                "relation": "foster mother",
                "children": "3, 5",
            }
        )
    )
    assert "case_code" not in case  # the planner gives it
    assert case["children"] == [{"age": 3}, {"age": 5}]
    assert case["caregivers"] == [{"relation": "foster mother"}]
    with pytest.raises(FormFieldError) as refused:
        new_case(FormData({"children": "three"}))
    assert refused.value.field == "children"
    session = filming(FormData({"held_at": "2026-03-02T10:30", "duration_minutes": "45"}))
    assert session["children_present"] is False
    assert session["duration_minutes"] == 45


def test_the_planners_refusals_by_field() -> None:
    body = {"detail": [{"loc": ["body", "words"], "msg": "too short"}, {"loc": [], "msg": "x"}]}
    assert field_errors(body) == {"words": "too short", "": "x"}
    assert field_errors({"detail": "no such case"}) == {"": "no such case"}


def test_people_are_minted_as_the_practitioner_they_are() -> None:
    viewer = Viewer(
        "pat", PortalRole.PRACTITIONER, "inst-1", "agency-1", "csrf", "site-1", "guide-1"
    )
    person = person_of(viewer, "s" * 40)
    assert (person.subject, person.role, person.site_id) == ("guide-1", Role.PRACTITIONER, "site-1")
    admin = person_of(Viewer("ada", PortalRole.AGENCY_ADMIN, "inst-1", "agency-1", "c"), "s" * 40)
    assert admin.role is Role.AGENCY_ADMIN
    assert admin.subject.startswith("acct-")
    assert "ada" not in admin.subject
