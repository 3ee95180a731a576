"""Institutes, agencies, sites and practitioners."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status
from spin_contracts.claims import Role
from sqlalchemy import Select, select

from spin_planner.adapters.tables import AGENCIES, INSTITUTES, PRACTITIONERS, SITES
from spin_planner.api.deps import (
    AgencyManager,
    IfMatch,
    InstituteManager,
    Limit,
    Offset,
    Operator,
    PlannerDep,
    Reader,
    tag,
)
from spin_planner.domain.concurrency import expected_version
from spin_planner.models import Page
from spin_planner.models.directory import (
    AgencyEdit,
    AgencyView,
    InstituteView,
    NewAgency,
    NewInstitute,
    NewPractitioner,
    NewSite,
    PractitionerView,
    SiteView,
)
from spin_planner.service import directory
from spin_planner.service.pages import page
from spin_planner.service.work import Work

router = APIRouter(tags=["directory"])
CREATED = status.HTTP_201_CREATED


async def _page(work: Work, query: Select[Any], limit: int, offset: int) -> dict[str, Any]:
    rows, total = await page(work.conn, query, limit, offset)
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


@router.post("/institutes", summary="Register a national institute", status_code=CREATED)
async def register_institute(
    new: NewInstitute, principal: Operator, planner: PlannerDep
) -> InstituteView:
    async with planner.work(principal) as work:
        await directory.register_institute(work, new)
    return InstituteView.model_validate(new.model_dump())


@router.get("/institutes", summary="Institutes the caller belongs to")
async def list_institutes(
    principal: InstituteManager, planner: PlannerDep, limit: Limit = 50, offset: Offset = 0
) -> Page[InstituteView]:
    async with planner.read(principal) as work:
        query = select(INSTITUTES).order_by(INSTITUTES.c.id)
        if principal.role is not Role.SERVICE:
            query = query.where(INSTITUTES.c.id == principal.institute_id)
        return Page[InstituteView].model_validate(await _page(work, query, limit, offset))


@router.post("/agencies", summary="Register an agency of an institute", status_code=CREATED)
async def register_agency(
    new: NewAgency, principal: InstituteManager, planner: PlannerDep
) -> AgencyView:
    async with planner.work(principal) as work:
        agency_id = await directory.register_agency(work, new)
    return AgencyView.model_validate({**new.model_dump(), "id": agency_id})


@router.get("/agencies", summary="Agencies the caller may see")
async def list_agencies(
    principal: Reader, planner: PlannerDep, limit: Limit = 50, offset: Offset = 0
) -> Page[AgencyView]:
    async with planner.read(principal) as work:
        query = (
            select(AGENCIES)
            .where(AGENCIES.c.id.in_(directory.scoped_agencies(work)))
            .order_by(AGENCIES.c.id)
        )
        return Page[AgencyView].model_validate(await _page(work, query, limit, offset))


@router.get("/agencies/{agency_id}", summary="One agency (its ETag for a change)")
async def read_agency(
    agency_id: str, principal: Reader, planner: PlannerDep, response: Response
) -> AgencyView:
    async with planner.read(principal) as work:
        agency = await directory.visible_agency(work, agency_id)
    tag(response, agency.version)
    return AgencyView.model_validate(agency)


@router.patch(
    "/agencies/{agency_id}",
    summary="Allow or stop downloads of the agency's footage (agency admin, needs If-Match)",
)
async def change_agency(
    agency_id: str,
    edit: AgencyEdit,
    principal: AgencyManager,
    planner: PlannerDep,
    response: Response,
    if_match: IfMatch = None,
) -> AgencyView:
    version = expected_version(if_match)
    async with planner.work(principal) as work:
        agency = await directory.change_agency(work, agency_id, version, edit)
    tag(response, agency.version)
    return AgencyView.model_validate(agency)


@router.post("/sites", summary="Register a site (office) of an agency", status_code=CREATED)
async def register_site(new: NewSite, principal: AgencyManager, planner: PlannerDep) -> SiteView:
    async with planner.work(principal) as work:
        site_id = await directory.register_site(work, new)
    return SiteView.model_validate({**new.model_dump(), "id": site_id})


@router.get("/sites", summary="Sites of the agencies the caller may see")
async def list_sites(
    principal: Reader,
    planner: PlannerDep,
    agency_id: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SiteView]:
    async with planner.read(principal) as work:
        query = (
            select(SITES)
            .where(SITES.c.agency_id.in_(directory.scoped_agencies(work)))
            .order_by(SITES.c.id)
        )
        if agency_id:
            query = query.where(SITES.c.agency_id == agency_id)
        return Page[SiteView].model_validate(await _page(work, query, limit, offset))


@router.post("/practitioners", summary="Register a practitioner (guide)", status_code=CREATED)
async def register_practitioner(
    new: NewPractitioner, principal: AgencyManager, planner: PlannerDep
) -> PractitionerView:
    async with planner.work(principal) as work:
        practitioner_id = await directory.register_practitioner(work, new)
        practitioner = await directory.practitioner(work, practitioner_id)
    return PractitionerView.model_validate(practitioner)


@router.get("/practitioners", summary="Practitioners of the agencies the caller may see")
async def list_practitioners(
    principal: Reader,
    planner: PlannerDep,
    site_id: str | None = None,
    supervisor_id: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[PractitionerView]:
    async with planner.read(principal) as work:
        query = (
            select(PRACTITIONERS)
            .where(PRACTITIONERS.c.agency_id.in_(directory.scoped_agencies(work)))
            .order_by(PRACTITIONERS.c.id)
        )
        if site_id:
            query = query.where(PRACTITIONERS.c.site_id == site_id)
        if supervisor_id:
            query = query.where(PRACTITIONERS.c.supervisor_id == supervisor_id)
        return Page[PractitionerView].model_validate(await _page(work, query, limit, offset))
