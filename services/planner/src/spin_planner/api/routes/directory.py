"""Institutes, agencies, sites and practitioners."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from spin_planner.api.deps import (
    AgencyManager,
    IfMatch,
    InstituteManager,
    Limit,
    Offset,
    Operator,
    PlannerDep,
    Reader,
    tagged,
)
from spin_planner.domain.commands import directory as commands
from spin_planner.domain.concurrency import expected_version
from spin_planner.models import Page, page_of
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

router = APIRouter(tags=["directory"])
CREATED = status.HTTP_201_CREATED


@router.post("/institutes", summary="Register a national institute", status_code=CREATED)
async def register_institute(
    new: NewInstitute, principal: Operator, planner: PlannerDep
) -> InstituteView:
    async with planner.work(principal) as work:
        institute = await directory.register_institute(work, new.command(commands.NewInstitute))
    return InstituteView.model_validate(institute)


@router.get("/institutes", summary="Institutes the caller belongs to")
async def list_institutes(
    principal: InstituteManager, planner: PlannerDep, limit: Limit = 50, offset: Offset = 0
) -> Page[InstituteView]:
    async with planner.read(principal) as work:
        items, total = await directory.list_institutes(work, limit, offset)
    return page_of(InstituteView, items, total, limit, offset)


@router.post("/agencies", summary="Register an agency of an institute", status_code=CREATED)
async def register_agency(
    new: NewAgency, principal: InstituteManager, planner: PlannerDep
) -> AgencyView:
    async with planner.work(principal) as work:
        agency = await directory.register_agency(work, new.command(commands.NewAgency))
    return AgencyView.model_validate(agency)


@router.get("/agencies", summary="Agencies the caller may see")
async def list_agencies(
    principal: Reader, planner: PlannerDep, limit: Limit = 50, offset: Offset = 0
) -> Page[AgencyView]:
    async with planner.read(principal) as work:
        items, total = await directory.list_agencies(work, limit, offset)
    return page_of(AgencyView, items, total, limit, offset)


@router.get("/agencies/{agency_id}", summary="One agency (its ETag for a change)")
async def read_agency(
    agency_id: str, principal: Reader, planner: PlannerDep, response: Response
) -> AgencyView:
    async with planner.read(principal) as work:
        agency = await directory.visible_agency(work, agency_id)
    return tagged(response, AgencyView, agency)


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
        agency = await directory.change_agency(
            work, agency_id, version, edit.command(commands.AgencyEdit)
        )
    return tagged(response, AgencyView, agency)


@router.post("/sites", summary="Register a site (office) of an agency", status_code=CREATED)
async def register_site(new: NewSite, principal: AgencyManager, planner: PlannerDep) -> SiteView:
    async with planner.work(principal) as work:
        site = await directory.register_site(work, new.command(commands.NewSite))
    return SiteView.model_validate(site)


@router.get("/sites", summary="Sites of the agencies the caller may see")
async def list_sites(
    principal: Reader,
    planner: PlannerDep,
    agency_id: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[SiteView]:
    async with planner.read(principal) as work:
        items, total = await directory.list_sites(work, agency_id, limit, offset)
    return page_of(SiteView, items, total, limit, offset)


@router.post("/practitioners", summary="Register a practitioner (guide)", status_code=CREATED)
async def register_practitioner(
    new: NewPractitioner, principal: AgencyManager, planner: PlannerDep
) -> PractitionerView:
    async with planner.work(principal) as work:
        practitioner = await directory.register_practitioner(
            work, new.command(commands.NewPractitioner)
        )
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
        items, total = await directory.list_practitioners(
            work, site_id, supervisor_id, limit, offset
        )
    return page_of(PractitionerView, items, total, limit, offset)
