"""The planner gives new objects random ids; only the service role may name one."""

import re

import pytest
from spin_contracts.claims import Principal, Role
from spin_contracts.events.consent import CASE_CODE
from spin_contracts.events.directory import ENTITY_ID
from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.identifiers import id_for_new, new_case_code, new_entity_id


def _principal(role: Role) -> Principal:
    return Principal(
        subject="someone", role=role, institute_id="spin-usa", agency_id="harbor", token_id="t"
    )


def test_new_ids_fit_the_contracts_and_differ() -> None:
    codes = {new_case_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(re.match(CASE_CODE, code) for code in codes)
    assert re.match(ENTITY_ID, new_entity_id("site"))


def test_only_the_service_role_names_an_id() -> None:
    assert id_for_new(_principal(Role.SERVICE), "s-1", "site", "id", "site-x") == "s-1"
    assert id_for_new(_principal(Role.AGENCY_ADMIN), None, "site", "id", "site-x") == "site-x"
    with pytest.raises(InvalidInput, match="leave id out"):
        id_for_new(_principal(Role.AGENCY_ADMIN), "s-1", "site", "id", "site-x")
