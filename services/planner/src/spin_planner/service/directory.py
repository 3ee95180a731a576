"""Registering and listing institutes, agencies, sites and practitioners."""

from __future__ import annotations

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
from sqlalchemy import Row, Select, Table, select, update
from sqlalchemy.dialects.postgresql import insert

from spin_planner.adapters.records import record
from spin_planner.adapters.tables import AGENCIES, INSTITUTES, PRACTITIONERS, SITES
from spin_planner.domain.concurrency import check_current
from spin_planner.domain.errors import Conflict, InvalidInput, NotFound, StaleVersion
from spin_planner.domain.identifiers import id_for_new, new_entity_id
from spin_planner.domain.records import Agency, Practitioner
from spin_planner.domain.tenancy import may_act_in_agency
from spin_planner.models.directory import (
    AgencyEdit,
    NewAgency,
    NewInstitute,
    NewPractitioner,
    NewSite,
)
from spin_planner.service.work import Work

ID_KINDS = {"institute": "inst", "agency": "agency", "site": "site", "practitioner": "prac"}
# Whole sentences per kind: a translation cannot be assembled from "%(what)s" fragments.
ALREADY_REGISTERED = {
    "institute": N_("institute %(id)r is already registered"),
    "agency": N_("agency %(id)r is already registered"),
    "site": N_("site %(id)r is already registered"),
    "practitioner": N_("practitioner %(id)r is already registered"),
}


async def _insert_new(work: Work, table: Table, what: str, values: dict[str, object]) -> str:
    """Insert with the planner's own id, or the one a service-role caller named (only it may
    hear of a 409: it sees every tenant anyway)."""
    given = values["id"] if isinstance(values["id"], str) else None
    fresh = new_entity_id(ID_KINDS[what])
    values = {**values, "id": id_for_new(work.principal, given, what, "id", fresh)}
    inserted = await work.conn.execute(
        insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    )
    if inserted.first() is None:
        raise Conflict(ALREADY_REGISTERED[what], field="id", id=values["id"])
    return str(values["id"])


async def register_institute(work: Work, new: NewInstitute) -> str:
    await _insert_new(work, INSTITUTES, "institute", new.model_dump())
    event = InstituteRegistered(institute_id=new.id, name=new.name, country=new.country)
    await work.emit(event, Tenant(institute_id=new.id))
    return new.id


async def register_agency(work: Work, new: NewAgency) -> str:
    principal = work.principal
    institute = await work.conn.scalar(
        select(INSTITUTES.c.id).where(INSTITUTES.c.id == new.institute_id)
    )
    visible = principal.role is Role.SERVICE or principal.institute_id == new.institute_id
    if institute is None or not visible:
        raise NotFound("no such institute %(id)r", field="institute_id", id=new.institute_id)
    agency_id = await _insert_new(work, AGENCIES, "agency", new.model_dump())
    event = AgencyRegistered(
        agency_id=agency_id,
        institute_id=new.institute_id,
        name=new.name,
        downloads_allowed=new.downloads_allowed,
    )
    await work.emit(event, Tenant(institute_id=new.institute_id, agency_id=agency_id))
    return agency_id


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
                AGENCIES.c.id == agency_id, AGENCIES.c.id.in_(scoped_agencies(work))
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


async def register_site(work: Work, new: NewSite) -> str:
    agency = await agency_in_scope(work, new.agency_id, "agency_id")
    site_id = await _insert_new(work, SITES, "site", new.model_dump())
    event = SiteRegistered(site_id=site_id, agency_id=new.agency_id, name=new.name)
    await work.emit(
        event, Tenant(institute_id=agency.institute_id, agency_id=agency.id, site_id=site_id)
    )
    return site_id


async def register_practitioner(work: Work, new: NewPractitioner) -> str:
    site = (await work.conn.execute(select(SITES).where(SITES.c.id == new.site_id))).first()
    if site is None:
        raise NotFound("no such site %(id)r", field="site_id", id=new.site_id)
    agency = await agency_in_scope(work, site.agency_id, "site_id")
    if new.supervisor_id is not None:
        await _check_supervisor(work, new.supervisor_id, agency.id)
    practitioner_id = await _insert_new(
        work, PRACTITIONERS, "practitioner", {**new.model_dump(), "agency_id": agency.id}
    )
    event = PractitionerRegistered(
        practitioner_id=practitioner_id,
        agency_id=agency.id,
        site_id=new.site_id,
        display_name=new.display_name,
        apprenticeship_started_on=new.apprenticeship_started_on,
        supervisor_id=new.supervisor_id,
    )
    await work.emit(
        event, Tenant(institute_id=agency.institute_id, agency_id=agency.id, site_id=new.site_id)
    )
    return practitioner_id


async def practitioner(work: Work, practitioner_id: str) -> Practitioner:
    """A practitioner just registered in this unit of work."""
    query = select(PRACTITIONERS).where(PRACTITIONERS.c.id == practitioner_id)
    return record(Practitioner, (await work.conn.execute(query)).one())


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


def scoped_agencies(work: Work) -> Select[tuple[str]]:
    """Ids of the agencies whose directory the caller may read."""
    principal = work.principal
    query = select(AGENCIES.c.id)
    if principal.role is Role.SERVICE:
        return query
    query = query.where(AGENCIES.c.institute_id == principal.institute_id)
    if principal.role is not Role.INSTITUTE_STAFF:
        query = query.where(AGENCIES.c.id == principal.agency_id)
    return query
