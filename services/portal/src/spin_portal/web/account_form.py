"""The accounts page's new-account form: the agency's people to choose from, and its checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.accounts import username_taken
from spin_portal.domain.accounts import PERSON_ROLES, PortalRole
from spin_portal.queries import admin, pages
from spin_portal.web.i18n import N_, _

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{2,63}")
# What an agency admin may create, as the form's role list shows it.
CREATABLE = {
    PortalRole.PRACTITIONER.value: N_("Practitioner"),
    PortalRole.SUPERVISOR.value: N_("Supervisor"),
    PortalRole.AGENCY_ADMIN.value: N_("Agency admin"),
}


@dataclass(frozen=True)
class AccountForm:
    """What was typed into the form, shown again when something is wrong."""

    username: str = ""
    role: str = PortalRole.PRACTITIONER.value
    practitioner_id: str = ""
    site_id: str = ""


@dataclass(frozen=True)
class ShownLink:
    """A set-password link, shown once right after it was made."""

    username: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Practitioner:
    practitioner_id: str
    name: str
    site_id: str | None


@dataclass(frozen=True)
class AgencyPeople:
    """The agency's practitioners and sites in the read model (projected directory events)."""

    practitioners: dict[str, Practitioner]
    sites: dict[str, str]

    def site_for(self, form: AccountForm) -> str | None:
        """The site chosen, or else the practitioner's own site."""
        chosen = self.practitioners.get(form.practitioner_id)
        return form.site_id or (chosen.site_id if chosen else None)

    def practitioner_name(self, practitioner_id: str | None) -> str:
        chosen = self.practitioners.get(practitioner_id or "")
        return chosen.name if chosen else practitioner_id or ""

    def site_name(self, site_id: str | None) -> str:
        return self.sites.get(site_id or "", site_id or "")


async def agency_people(conn: AsyncConnection, agency_id: str) -> AgencyPeople:
    rows = await admin.practitioners_of(conn, agency_id)
    practitioners = {pid: Practitioner(pid, name, site_id) for pid, name, site_id in rows}
    return AgencyPeople(practitioners, await pages.sites_of(conn, agency_id))


async def form_problems(
    conn: AsyncConnection, people: AgencyPeople, form: AccountForm
) -> dict[str, str]:
    """A sentence per field that cannot be taken as typed; empty when the account can be made."""
    problems: dict[str, str] = {}
    if problem := await _username_problem(conn, form.username):
        problems["username"] = problem
    if form.role not in CREATABLE:
        problems["role"] = _("Please choose practitioner, supervisor or agency admin.")
    elif PortalRole(form.role) in PERSON_ROLES:
        problems.update(await _person_problems(conn, people, form))
    return problems


async def _username_problem(conn: AsyncConnection, username: str) -> str | None:
    if not username:
        return _("Please give a username.")
    if not USERNAME.fullmatch(username):
        return (
            "A username has 3 to 64 characters: letters, digits and . _ @ - "
            "(starting with a letter or digit), no spaces."
        )
    if await username_taken(conn, username):
        return _("The username %(name)r is taken; please choose another.", name=username)
    return None


async def _person_problems(
    conn: AsyncConnection, people: AgencyPeople, form: AccountForm
) -> dict[str, str]:
    if not form.practitioner_id:
        return {"practitioner_id": _("Please choose the practitioner this account logs in as.")}
    if form.practitioner_id not in people.practitioners:
        return {
            "practitioner_id": _(
                "%(id)r is not a practitioner of this agency.", id=form.practitioner_id
            )
        }
    holder = await admin.account_of_practitioner(conn, form.practitioner_id)
    if holder is not None:
        return {
            "practitioner_id": _(
                "This practitioner has an account already: %(holder)s.", holder=holder
            )
        }
    site_id = people.site_for(form)
    if not site_id:
        return {"site_id": _("This practitioner has no site yet; please choose one.")}
    if site_id not in people.sites:
        return {"site_id": _("Please choose a site of this agency.")}
    return {}
