"""A person's own language and an institute's time zone, as use cases; the routes check the
form's shape and map the refusals to pages."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.time_zone import known_zone
from spin_portal.service.ports import UnitOfWorkFactory as Units


class LanguageNotOfferedError(ValueError):
    """The portal does not offer that language."""


class UnknownZoneError(ValueError):
    """Not an IANA time zone."""


class NotInstituteStaffError(PermissionError):
    """Only the institute's staff may change its time zone."""


@dataclass(frozen=True)
class ChooseLanguage:
    by: Viewer
    language: str | None  # None: back to the institute's default


@dataclass(frozen=True)
class ChooseTimeZone:
    institute_id: str
    zone: str | None  # None: back to the deployment's default


async def choose_language(
    command: ChooseLanguage, *, offered: Collection[str], units: Units
) -> None:
    if command.language is not None and command.language not in offered:
        raise LanguageNotOfferedError(command.language)
    async with units() as work:
        await work.preferences.keep_language(command.by.username, command.language)


async def choose_time_zone(command: ChooseTimeZone, *, units: Units) -> None:
    """The institute's clock for its people's pages (the CLI's, without a viewer)."""
    if command.zone is not None and known_zone(command.zone) is None:
        raise UnknownZoneError(command.zone)
    async with units() as work:
        await work.preferences.keep_time_zone(command.institute_id, command.zone)


async def staff_choose_time_zone(by: Viewer, zone: str | None, *, units: Units) -> None:
    if by.role is not PortalRole.INSTITUTE_STAFF:
        raise NotInstituteStaffError(by.username)
    await choose_time_zone(ChooseTimeZone(by.institute_id, zone), units=units)
