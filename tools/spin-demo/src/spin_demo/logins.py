"""Portal logins for the demo: institute staff, agency admins, and the practitioner and
supervisor whose live cases have footage (they log in as their planner practitioner id)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from spin_portal.adapters.accounts import create_user
from spin_portal.domain.accounts import AccountError, PortalRole
from spin_portal.settings import PortalSettings
from spincore.db import make_engine

from spin_demo.directory import Directory, Practitioner


@dataclass(frozen=True)
class Login:
    username: str
    role: PortalRole
    institute_id: str
    agency_id: str | None = None
    site_id: str | None = None
    practitioner_id: str | None = None


def wanted_logins(found: Directory, filming: list[Practitioner]) -> list[Login]:
    logins = [Login(f"staff-{i}", PortalRole.INSTITUTE_STAFF, i) for i, _, _ in found.institutes]
    logins += [Login(f"admin-{a}", PortalRole.AGENCY_ADMIN, i, a) for a, i, _ in found.agencies]
    for guide in filming:
        supervisor = found.supervisor_of(guide.place.agency_id)
        for person, role in ((guide, PortalRole.PRACTITIONER), (supervisor, PortalRole.SUPERVISOR)):
            place = person.place
            logins.append(
                Login(
                    person.id, role, place.institute_id, place.agency_id, place.site_id, person.id
                )
            )
    return logins


async def create_logins(settings: PortalSettings, logins: list[Login]) -> list[tuple[Login, str]]:
    """Create the logins missing (one new password for all); each with its password, or why
    it was not created (on a second run: it exists, its password unchanged)."""
    password = f"demo-{secrets.token_urlsafe(9)}"
    engine = make_engine(settings, pool_size=1)
    created = []
    try:
        for login in logins:
            async with engine.begin() as conn:
                try:
                    await create_user(
                        conn,
                        username=login.username,
                        password=password,
                        role=login.role,
                        institute_id=login.institute_id,
                        agency_id=login.agency_id,
                        site_id=login.site_id,
                        practitioner_id=login.practitioner_id,
                    )
                    created.append((login, password))
                except AccountError as error:
                    created.append((login, f"(not created: {error})"))
    finally:
        await engine.dispose()
    return created
