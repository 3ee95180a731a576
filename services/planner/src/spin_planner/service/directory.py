"""Registering and listing institutes, agencies, sites and practitioners."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import TypeVar

from spin_contracts.claims import Role
from spin_contracts.events import Tenant
from spin_contracts.events.directory import (
    AgencyDownloadsChanged,
    AgencyRegistered,
    InstituteRegistered,
    PractitionerRegistered,
    SiteRegistered,
)
from spincore.i18n import N_

from spin_planner.domain.commands.directory import (
    AgencyEdit,
    NewAgency,
    NewInstitute,
    NewPractitioner,
    NewSite,
)
from spin_planner.domain.concurrency import check_current
from spin_planner.domain.errors import Conflict, InvalidInput, NotFound, StaleVersion
from spin_planner.domain.identifiers import id_for_new, new_entity_id
from spin_planner.domain.records import Agency, Institute, Practitioner, Site
from spin_planner.domain.tenancy import may_act_in_agency
from spin_planner.service.ports import Fields
from spin_planner.service.work import Work

R = TypeVar("R")

ID_KINDS = {"institute": "inst", "agency": "agency", "site": "site", "practitioner": "prac"}
# Whole sentences per kind: a translation cannot be assembled from "%(what)s" fragments.
ALREADY_REGISTERED = {
    "institute": N_("institute %(id)r is already registered"),
    "agency": N_("agency %(id)r is already registered"),
    "site": N_("site %(id)r is already registered"),
    "practitioner": N_("practitioner %(id)r is already registered"),
}


async def _insert_new(
    work: Work, add: Callable[[Fields], Awaitable[R | None]], what: str, values: Fields
) -> R:
    """Insert with the planner's own id, or the one a service-role caller named (only it may
    hear of a 409: it sees every tenant anyway); the record inserted."""
    given = values["id"] if isinstance(values["id"], str) else None
    fresh = new_entity_id(ID_KINDS[what])
    values = {**values, "id": id_for_new(work.principal, given, what, "id", fresh)}
    added = await add(values)
    if added is None:
        raise Conflict(ALREADY_REGISTERED[what], field="id", id=values["id"])
    return added


async def register_institute(work: Work, new: NewInstitute) -> Institute:
    institute = await _insert_new(work, work.registry.add_institute, "institute", asdict(new))
    event = InstituteRegistered(institute_id=new.id, name=new.name, country=new.country)
    await work.emit(event, Tenant(institute_id=new.id))
    return institute


async def register_agency(work: Work, new: NewAgency) -> Agency:
    principal = work.principal
    known = await work.registry.institute_exists(new.institute_id)
    visible = principal.role is Role.SERVICE or principal.institute_id == new.institute_id
    if not known or not visible:
        raise NotFound("no such institute %(id)r", field="institute_id", id=new.institute_id)
    agency = await _insert_new(work, work.registry.add_agency, "agency", asdict(new))
    agency_id = agency.id
    event = AgencyRegistered(
        agency_id=agency_id,
        institute_id=new.institute_id,
        name=new.name,
        downloads_allowed=new.downloads_allowed,
    )
    await work.emit(event, Tenant(institute_id=new.institute_id, agency_id=agency_id))
    return agency


async def agency_in_scope(work: Work, agency_id: str, field: str) -> Agency:
    """The agency if the caller may manage it; NotFound otherwise."""
    agency = await work.registry.agency(agency_id)
    if agency is None or not may_act_in_agency(work.principal, agency.institute_id, agency.id):
        raise NotFound("no such agency %(id)r", field=field, id=agency_id)
    return agency


async def visible_agency(work: Work, agency_id: str) -> Agency:
    """The agency if the caller may read its directory; NotFound otherwise."""
    agency = await work.registry.readable_agency(work.principal, agency_id)
    if agency is None:
        raise NotFound("no such agency %(id)r", field="agency_id", id=agency_id)
    return agency


async def change_agency(work: Work, agency_id: str, version: int, edit: AgencyEdit) -> Agency:
    """An agency admin (or the service) sets whether the agency's footage may be downloaded
    (the route lets no other role in); an admin of another agency finds no such agency."""
    agency = await agency_in_scope(work, agency_id, "agency_id")
    check_current(version, agency.version)
    if edit.downloads_allowed == agency.downloads_allowed:
        return agency
    updated = await work.registry.set_downloads(agency_id, version, edit.downloads_allowed)
    if updated is None:
        raise StaleVersion("the agency changed since you read it: reload it and try again")
    event = AgencyDownloadsChanged(
        agency_id=agency_id,
        institute_id=agency.institute_id,
        downloads_allowed=edit.downloads_allowed,
        changed_at=work.now,
    )
    await work.emit(event, Tenant(institute_id=agency.institute_id, agency_id=agency_id))
    return updated


async def register_site(work: Work, new: NewSite) -> Site:
    agency = await agency_in_scope(work, new.agency_id, "agency_id")
    site = await _insert_new(work, work.registry.add_site, "site", asdict(new))
    event = SiteRegistered(site_id=site.id, agency_id=new.agency_id, name=new.name)
    await work.emit(
        event, Tenant(institute_id=agency.institute_id, agency_id=agency.id, site_id=site.id)
    )
    return site


async def register_practitioner(work: Work, new: NewPractitioner) -> Practitioner:
    site = await work.registry.site(new.site_id)
    if site is None:
        raise NotFound("no such site %(id)r", field="site_id", id=new.site_id)
    agency = await agency_in_scope(work, site.agency_id, "site_id")
    if new.supervisor_id is not None:
        await _check_supervisor(work, new.supervisor_id, agency.id)
    practitioner = await _insert_new(
        work,
        work.registry.add_practitioner,
        "practitioner",
        {**asdict(new), "agency_id": agency.id},
    )
    event = PractitionerRegistered(
        practitioner_id=practitioner.id,
        agency_id=agency.id,
        site_id=new.site_id,
        display_name=new.display_name,
        apprenticeship_started_on=new.apprenticeship_started_on,
        supervisor_id=new.supervisor_id,
    )
    await work.emit(
        event, Tenant(institute_id=agency.institute_id, agency_id=agency.id, site_id=new.site_id)
    )
    return practitioner


async def _check_supervisor(work: Work, supervisor_id: str, agency_id: str) -> None:
    if not await work.registry.in_agency(supervisor_id, agency_id):
        raise InvalidInput(
            "the supervisor %(id)r is not a practitioner of this agency: "
            "register the supervisor first",
            field="supervisor_id",
            id=supervisor_id,
        )


async def list_institutes(work: Work, limit: int, offset: int) -> tuple[list[Institute], int]:
    return await work.registry.institutes(work.principal, limit, offset)


async def list_agencies(work: Work, limit: int, offset: int) -> tuple[list[Agency], int]:
    return await work.registry.agencies(work.principal, limit, offset)


async def list_sites(
    work: Work, agency_id: str | None, limit: int, offset: int
) -> tuple[list[Site], int]:
    return await work.registry.sites(work.principal, agency_id, limit, offset)


async def list_practitioners(
    work: Work, site_id: str | None, supervisor_id: str | None, limit: int, offset: int
) -> tuple[list[Practitioner], int]:
    return await work.registry.practitioners(work.principal, site_id, supervisor_id, limit, offset)
