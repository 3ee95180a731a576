"""Who may see and do what with a case."""

from __future__ import annotations

import pytest
from spin_contracts.claims import Principal, Role
from spin_planner.domain.errors import Forbidden, NotFound
from spin_planner.domain.tenancy import (
    Access,
    CaseListScope,
    CaseScope,
    case_access,
    case_list_scope,
    may_act_in_agency,
    require,
)

CASE = CaseScope("spin-usa", "harbor", "north", "dana")


def who(
    role: Role, subject: str = "x", agency: str | None = "harbor", institute: str = "spin-usa"
) -> Principal:
    return Principal(
        subject=subject, role=role, institute_id=institute, agency_id=agency, token_id="t"
    )


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (who(Role.PRACTITIONER, "dana"), Access.WRITE),
        (who(Role.PRACTITIONER, "sam"), Access.NONE),
        (who(Role.PRACTITIONER, "dana", agency="beacon"), Access.NONE),
        (who(Role.AGENCY_ADMIN), Access.WRITE),
        (who(Role.AGENCY_ADMIN, agency="beacon"), Access.NONE),
        (who(Role.INSTITUTE_STAFF, agency=None), Access.METADATA),
        (who(Role.INSTITUTE_STAFF, agency=None, institute="spin-nl"), Access.NONE),
        (who(Role.SERVICE, agency=None, institute="*"), Access.WRITE),
        (who(Role.SUPERVISOR, "lee"), Access.NONE),
        (who(Role.SUPERVISOR, "dana"), Access.WRITE),
    ],
)
def test_case_access_by_role_and_tenant(principal: Principal, expected: Access) -> None:
    assert case_access(principal, CASE) is expected


def test_a_supervisor_reads_an_apprentice_case_only_with_supervision_consent() -> None:
    lee = who(Role.SUPERVISOR, "lee")
    assert case_access(lee, CASE, supervises_practitioner=True) is Access.NONE
    both = case_access(lee, CASE, supervises_practitioner=True, supervision_consent=True)
    assert both is Access.READ
    elsewhere = who(Role.SUPERVISOR, "lee", agency="beacon")
    assert (
        case_access(elsewhere, CASE, supervises_practitioner=True, supervision_consent=True)
        is Access.NONE
    )


def test_no_access_reads_as_not_found_and_too_little_as_forbidden() -> None:
    with pytest.raises(NotFound, match="no such case"):
        require(Access.NONE, Access.METADATA)
    with pytest.raises(Forbidden, match="may not change this case"):
        require(Access.READ, Access.WRITE)
    with pytest.raises(Forbidden, match="may not read the details of this case"):
        require(Access.METADATA, Access.READ)
    require(Access.WRITE, Access.WRITE)


def test_listings_are_narrowed_by_role() -> None:
    assert case_list_scope(who(Role.PRACTITIONER, "dana")) == CaseListScope(
        "spin-usa", "harbor", "dana"
    )
    assert case_list_scope(who(Role.SUPERVISOR, "lee")) == CaseListScope(
        "spin-usa", "harbor", "lee", "lee"
    )
    assert case_list_scope(who(Role.AGENCY_ADMIN)) == CaseListScope("spin-usa", "harbor")
    assert case_list_scope(who(Role.INSTITUTE_STAFF, agency=None)) == CaseListScope(
        "spin-usa", None
    )
    assert case_list_scope(who(Role.SERVICE, agency=None)) == CaseListScope(None, None)


def test_directory_management_stays_within_the_tenant() -> None:
    assert may_act_in_agency(who(Role.AGENCY_ADMIN), "spin-usa", "harbor")
    assert not may_act_in_agency(who(Role.AGENCY_ADMIN), "spin-usa", "beacon")
    assert may_act_in_agency(who(Role.INSTITUTE_STAFF, agency=None), "spin-usa", "beacon")
    assert not may_act_in_agency(who(Role.INSTITUTE_STAFF, agency=None), "spin-nl", "x")
