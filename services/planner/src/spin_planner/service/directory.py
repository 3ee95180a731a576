"""Registering and listing institutes, agencies, sites and practitioners."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

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
from sqlalchemy import Row, Table, select, update
from sqlalchemy.dialects.postgresql import insert

from spin_planner.adapters import directory_queries
from spin_planner.adapters.pages import page_of
from spin_planner.adapters.records import record
from spin_planner.adapters.tables import AGENCIES, INSTITUTES, PRACTITIONERS, SITES
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
from spin_planner.service.work import Work

ID_KINDS = {"institute": "inst", "agency": "agency", "site": "site", "practitioner": "prac"}
# Whole sentences per kind: a translation cannot be assembled from "%(what)s" fragments.
ALREADY_REGISTERED = {
    "institute": N_("institute %(id)r is already registered"),
    "agency": N_("agency %(id)r is already registered"),
    "site": N_("site %(id)r is already registered"),
    "practitioner": N_("practitioner %(id)r is already registered"),
}


async def _insert_new(work: Work, table: Table, what: str, values: dict[str, object]) -> Row[Any]:
    """Insert with the planner's own id, or the one a service-role caller named (only it may
    hear of a 409: it sees every tenant anyway); the row inserted."""
    given = values["id"] if isinstance(values["id"], str) else None
    fresh = new_entity_id(ID_KINDS[what])
    values = {**values, "id": id_for_new(work.principal, given, what, "id", fresh)}
    inserted = await work.conn.execute(
        insert(table).values(**values).on_conflict_do_nothing().returning(*table.c)
    )
    row = inserted.first()
    if row is None:
        raise Conflict(ALREADY_REGISTERED[what], field="id", id=values["id"])
    return row


async def register_institute(work: Work, new: NewInstitute) -> Institute:
    row = await _insert_new(work, INSTITUTES, "institute", asdict(new))
    event = InstituteRegistered(institute_id=new.id, name=new.name, country=new.country)
    await work.emit(event, Tenant(institute_id=new.id))
    return record(Institute, row)


async def register_agency(work: Work, new: NewAgency) -> Agency:
    principal = work.principal
    institute = await work.conn.scalar(
        select(INSTITUTES.c.id).where(INSTITUTES.c.id == new.institute_id)
    )
    visible = principal.role is Role.SERVICE or principal.institute_id == new.institute_id
    if institute is None or not visible:
        raise NotFound("no such institute %(id)r", field="institute_id", id=new.institute_id)
    agency = record(Agency, await _insert_new(work, AGENCIES, "agency", asdict(new)))
    agency_id = agency.id
    event = AgencyRegistered(
        agency_id=agency_id,
        institute_id=new.institute_id,
        name=new.name,
        downloads_allowed=new.downloads_allowed,
    )
    await work.emit(event, Tenant(institute_id=new.institute_id, agency_id=agency_id))
    return agency


async def agency_in_scope(work: Work, agency_id: str, field: str) -> Row[Any]:
    """The agency if the caller may manage it; NotFound otherwise."""
    row = (await work.conn.execute(select(AGENCIES).where(AGENCIES.c.id == agency_id))).first()
    if row is None or not may_act_in_agency(work.principal, row.institute_id, row.id):
        raise NotFound("no such agency %(id)r", field=field, id=agency_id)
    return row


async def visible_agency(work: Work, agency_id: str) -> Agency:
    """The agency if the caller may read its directory; NotFound otherwise."""
    row = (
        await work.conn.execute(
            select(AGENCIES).where(
                AGENCIES.c.id == agency_id,
                AGENCIES.c.id.in_(directory_queries.readable_agencies(work.principal)),
            )
        )
    ).first()
    if row is None:
        raise NotFound("no such agency %(id)r", field="agency_id", id=agency_id)
    return record(Agency, row)


async def change_agency(work: Work, agency_id: str, version: int, edit: AgencyEdit) -> Agency:
    """An agency admin (or the service) sets whether the agency's footage may be downloaded
    (the route lets no other role in); an admin of another agency finds no such agency."""
    agency = await agency_in_scope(work, agency_id, "agency_id")
    check_current(version, agency.version)
    if edit.downloads_allowed == agency.downloads_allowed:
        return record(Agency, agency)
    updated = (
        await work.conn.execute(
            update(AGENCIES)
            .where(AGENCIES.c.id == agency_id, AGENCIES.c.version == version)
            .values(downloads_allowed=edit.downloads_allowed, version=AGENCIES.c.version + 1)
            .returning(*AGENCIES.c)
        )
    ).first()
    if updated is None:
        raise StaleVersion("the agency changed since you read it: reload it and try again")
    event = AgencyDownloadsChanged(
        agency_id=agency_id,
        institute_id=agency.institute_id,
        downloads_allowed=edit.downloads_allowed,
        changed_at=work.now,
    )
    await work.emit(event, Tenant(institute_id=agency.institute_id, agency_id=agency_id))
    return record(Agency, updated)


async def register_site(work: Work, new: NewSite) -> Site:
    agency = await agency_in_scope(work, new.agency_id, "agency_id")
    site = record(Site, await _insert_new(work, SITES, "site", asdict(new)))
    event = SiteRegistered(site_id=site.id, agency_id=new.agency_id, name=new.name)
    await work.emit(
        event, Tenant(institute_id=agency.institute_id, agency_id=agency.id, site_id=site.id)
    )
    return site


async def register_practitioner(work: Work, new: NewPractitioner) -> Practitioner:
    site = (await work.conn.execute(select(SITES).where(SITES.c.id == new.site_id))).first()
    if site is None:
        raise NotFound("no such site %(id)r", field="site_id", id=new.site_id)
    agency = await agency_in_scope(work, site.agency_id, "site_id")
    if new.supervisor_id is not None:
        await _check_supervisor(work, new.supervisor_id, agency.id)
    row = await _insert_new(
        work, PRACTITIONERS, "practitioner", {**asdict(new), "agency_id": agency.id}
    )
    event = PractitionerRegistered(
        practitioner_id=row.id,
        agency_id=agency.id,
        site_id=new.site_id,
        display_name=new.display_name,
        apprenticeship_started_on=new.apprenticeship_started_on,
        supervisor_id=new.supervisor_id,
    )
    await work.emit(
        event, Tenant(institute_id=agency.institute_id, agency_id=agency.id, site_id=new.site_id)
    )
    return record(Practitioner, row)


async def _check_supervisor(work: Work, supervisor_id: str, agency_id: str) -> None:
    found = await work.conn.scalar(
        select(PRACTITIONERS.c.id).where(
            PRACTITIONERS.c.id == supervisor_id, PRACTITIONERS.c.agency_id == agency_id
        )
    )
    if found is None:
        raise InvalidInput(
            "the supervisor %(id)r is not a practitioner of this agency: "
            "register the supervisor first",
            field="supervisor_id",
            id=supervisor_id,
        )


async def list_institutes(work: Work, limit: int, offset: int) -> tuple[list[Institute], int]:
    query = directory_queries.institutes(work.principal)
    return await page_of(Institute, work.conn, query, limit, offset)


async def list_agencies(work: Work, limit: int, offset: int) -> tuple[list[Agency], int]:
    query = directory_queries.agencies(work.principal)
    return await page_of(Agency, work.conn, query, limit, offset)


async def list_sites(
    work: Work, agency_id: str | None, limit: int, offset: int
) -> tuple[list[Site], int]:
    query = directory_queries.sites(work.principal, agency_id)
    return await page_of(Site, work.conn, query, limit, offset)


async def list_practitioners(
    work: Work, site_id: str | None, supervisor_id: str | None, limit: int, offset: int
) -> tuple[list[Practitioner], int]:
    query = directory_queries.practitioners(work.principal, site_id, supervisor_id)
    return await page_of(Practitioner, work.conn, query, limit, offset)
