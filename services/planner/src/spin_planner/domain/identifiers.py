"""Ids of new objects: the planner gives them, random, so a taken id never tells of another tenant.

A caller who sees only part of the directory (staff of one institute, an agency's admin or
practitioners) cannot name the id of what it creates: if it could, a 409 for an id taken by
another tenant would confirm that the case code or site exists there. The service role (ops
tooling, imports, the demo's set-up) sees every tenant, so it may name one, and its 409 tells
it nothing it could not read.
"""

from __future__ import annotations

import secrets

from spin_contracts.claims import Principal, Role
from spincore.i18n import N_

from spin_planner.domain.errors import InvalidInput

# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand stays exact.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_entity_id(kind: str) -> str:
    """`site-3f9a1c0d7e2b4a65`: 64 random bits after the kind."""
    return f"{kind}-{secrets.token_hex(8)}"


def new_case_code() -> str:
    """`C-7KQ2-9XF4-M3RT`: 60 random bits, pseudonymous, never derived from the family."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    return "C-" + "-".join(groups)


# Whole sentences per kind of new object (translations cannot be assembled from fragments).
OWN_IDS = {
    "case": N_(
        "the planner gives each new case its case code (random, so it says nothing about "
        "anyone); leave case_code out and read it from the answer"
    ),
    "institute": N_(
        "the planner gives each new institute its id (random, so it says nothing about anyone); "
        "leave id out and read it from the answer"
    ),
    "agency": N_(
        "the planner gives each new agency its id (random, so it says nothing about anyone); "
        "leave id out and read it from the answer"
    ),
    "site": N_(
        "the planner gives each new site its id (random, so it says nothing about anyone); "
        "leave id out and read it from the answer"
    ),
    "practitioner": N_(
        "the planner gives each new practitioner its id (random, so it says nothing about anyone); "
        "leave id out and read it from the answer"
    ),
}


def id_for_new(principal: Principal, given: str | None, what: str, field: str, fresh: str) -> str:
    """The id the new object gets: `fresh`, or the one given by a caller who sees every tenant."""
    if given is None:
        return fresh
    if principal.role is Role.SERVICE:
        return given
    raise InvalidInput(OWN_IDS[what], field=field)
