"""What registering and listing the directory (institutes, agencies, sites, practitioners)
needs from storage (see `service/directory.py`)."""

from __future__ import annotations

from typing import Protocol

from spin_contracts.claims import Principal

from spin_planner.domain.records import Agency, Institute, Practitioner, Site
from spin_planner.service.ports import Fields


class RegistryStore(Protocol):
    """Each `add_*` returns the record inserted, or None when its id (or another unique key)
    is already registered."""

    async def add_institute(self, fields: Fields) -> Institute | None: ...

    async def add_agency(self, fields: Fields) -> Agency | None: ...

    async def add_site(self, fields: Fields) -> Site | None: ...

    async def add_practitioner(self, fields: Fields) -> Practitioner | None: ...

    async def institute_exists(self, institute_id: str) -> bool: ...

    async def agency(self, agency_id: str) -> Agency | None: ...

    async def readable_agency(self, principal: Principal, agency_id: str) -> Agency | None:
        """The agency if `principal` may read its directory."""

    async def set_downloads(self, agency_id: str, version: int, allowed: bool) -> Agency | None:
        """The agency with its version bumped, or None if it is no longer at `version`."""

    async def site(self, site_id: str) -> Site | None: ...

    async def in_agency(self, practitioner_id: str, agency_id: str) -> bool:
        """Whether the practitioner is registered in the agency."""

    async def institutes(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[Institute], int]: ...

    async def agencies(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[Agency], int]: ...

    async def sites(
        self, principal: Principal, agency_id: str | None, limit: int, offset: int
    ) -> tuple[list[Site], int]: ...

    async def practitioners(
        self,
        principal: Principal,
        site_id: str | None,
        supervisor_id: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Practitioner], int]: ...
