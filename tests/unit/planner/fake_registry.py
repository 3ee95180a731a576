"""The directory's registrations in memory, behind `service/registry_ports.py`; agencies
and practitioners registered show in the `FakeDirectory` the other use cases read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from spin_contracts.claims import Principal, Role
from spin_planner.adapters.records import record
from spin_planner.domain.records import Agency, Institute, Practitioner, Site
from spin_planner.service.ports import Fields

if TYPE_CHECKING:
    from tests.unit.planner.fakes import FakeDirectory


class HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=HasId)


def _page(found: Sequence[R], limit: int, offset: int) -> tuple[list[R], int]:
    ordered = sorted(found, key=lambda r: r.id)
    return ordered[offset : offset + limit], len(ordered)


class FakeRegistry:
    def __init__(self, directory: FakeDirectory) -> None:
        self.directory = directory
        self.institutes_by_id: dict[str, Institute] = {}
        self.agencies_by_id: dict[str, Agency] = {}
        self.sites_by_id: dict[str, Site] = {}

    async def add_institute(self, fields: Fields) -> Institute | None:
        if fields["id"] in self.institutes_by_id:
            return None
        institute = self.institutes_by_id[fields["id"]] = record(Institute, fields)
        return institute

    async def add_agency(self, fields: Fields) -> Agency | None:
        if fields["id"] in self.agencies_by_id:
            return None
        agency = self.agencies_by_id[fields["id"]] = record(Agency, {"version": 1, **fields})
        self.directory.institutes[agency.id] = agency.institute_id
        return agency

    async def add_site(self, fields: Fields) -> Site | None:
        if fields["id"] in self.sites_by_id:
            return None
        site = self.sites_by_id[fields["id"]] = record(Site, fields)
        return site

    async def add_practitioner(self, fields: Fields) -> Practitioner | None:
        if fields["id"] in self.directory.practitioners:
            return None
        practitioner = record(Practitioner, fields)
        self.directory.practitioners[practitioner.id] = practitioner
        return practitioner

    async def institute_exists(self, institute_id: str) -> bool:
        return institute_id in self.institutes_by_id

    async def agency(self, agency_id: str) -> Agency | None:
        return self.agencies_by_id.get(agency_id)

    async def readable_agency(self, principal: Principal, agency_id: str) -> Agency | None:
        agency = self.agencies_by_id.get(agency_id)
        return agency if agency is not None and _reads(principal, agency) else None

    async def set_downloads(self, agency_id: str, version: int, allowed: bool) -> Agency | None:
        agency = self.agencies_by_id[agency_id]
        if agency.version != version:
            return None
        changed = replace(agency, downloads_allowed=allowed, version=version + 1)
        self.agencies_by_id[agency_id] = changed
        return changed

    async def site(self, site_id: str) -> Site | None:
        return self.sites_by_id.get(site_id)

    async def in_agency(self, practitioner_id: str, agency_id: str) -> bool:
        return await self.directory.practitioner(practitioner_id, agency_id) is not None

    async def institutes(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[Institute], int]:
        found = [
            i
            for i in self.institutes_by_id.values()
            if principal.role is Role.SERVICE or i.id == principal.institute_id
        ]
        return _page(found, limit, offset)

    async def agencies(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[Agency], int]:
        return _page(self._readable(principal), limit, offset)

    async def sites(
        self, principal: Principal, agency_id: str | None, limit: int, offset: int
    ) -> tuple[list[Site], int]:
        readable = {a.id for a in self._readable(principal)}
        found = [s for s in self.sites_by_id.values() if s.agency_id in readable]
        return _page([s for s in found if agency_id in {None, s.agency_id}], limit, offset)

    async def practitioners(
        self,
        principal: Principal,
        site_id: str | None,
        supervisor_id: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Practitioner], int]:
        readable = {a.id for a in self._readable(principal)}
        found = [
            p
            for p in self.directory.practitioners.values()
            if p.agency_id in readable
            and site_id in {None, p.site_id}
            and supervisor_id in {None, p.supervisor_id}
        ]
        return _page(found, limit, offset)

    def _readable(self, principal: Principal) -> list[Agency]:
        return [a for a in self.agencies_by_id.values() if _reads(principal, a)]


def _reads(principal: Principal, agency: Agency) -> bool:
    if principal.role is Role.SERVICE:
        return True
    if agency.institute_id != principal.institute_id:
        return False
    return principal.role is Role.INSTITUTE_STAFF or agency.id == principal.agency_id
