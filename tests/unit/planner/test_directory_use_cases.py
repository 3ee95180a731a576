"""Registering and listing the directory as use cases on in-memory stores: ids, scopes and
the agency's downloads switch."""

from __future__ import annotations

import pytest
from spin_contracts.claims import Principal, Role
from spin_planner.domain.commands.directory import (
    AgencyEdit,
    NewAgency,
    NewInstitute,
    NewPractitioner,
    NewSite,
)
from spin_planner.domain.errors import Conflict, InvalidInput, NotFound, StaleVersion
from spin_planner.domain.records import Agency
from spin_planner.service import directory

from tests.unit.planner.fakes import INSTITUTE, World, who

SERVICE = who(Role.SERVICE, "ops", agency=None)
STAFF = who(Role.INSTITUTE_STAFF, "kim", agency=None)
ELSEWHERE = Principal(subject="x", role=Role.INSTITUTE_STAFF, institute_id="other", token_id="t")


async def registered_agency(world: World) -> Agency:
    new = NewInstitute(id=INSTITUTE, name="SPIN USA", country="US")
    await directory.register_institute(world.work(SERVICE), new)
    agency = NewAgency(id="harbor", institute_id=INSTITUTE, name="Harbor")
    return await directory.register_agency(world.work(SERVICE), agency)


async def test_an_institute_and_its_agency_are_registered_once_and_seen_in_scope() -> None:
    world = World()
    agency = await registered_agency(world)
    assert (agency.id, agency.version, agency.downloads_allowed) == ("harbor", 1, False)
    with pytest.raises(Conflict, match="already registered"):
        await directory.register_agency(
            world.work(SERVICE), NewAgency(id="harbor", institute_id=INSTITUTE, name="Again")
        )
    with pytest.raises(NotFound):
        await directory.register_agency(
            world.work(ELSEWHERE), NewAgency(institute_id=INSTITUTE, name="Theirs")
        )
    with pytest.raises(InvalidInput):
        await directory.register_agency(
            world.work(STAFF), NewAgency(id="mine", institute_id=INSTITUTE, name="Mine")
        )
    own = await directory.register_agency(
        world.work(STAFF), NewAgency(institute_id=INSTITUTE, name="Mine")
    )
    assert own.id.startswith("agency")
    assert await directory.list_agencies(world.work(ELSEWHERE), 10, 0) == ([], 0)
    listed, total = await directory.list_agencies(world.work(STAFF), 1, 0)
    assert (len(listed), total) == (1, 2)
    assert [i.id for i in (await directory.list_institutes(world.work(STAFF), 10, 0))[0]] == [
        INSTITUTE
    ]
    assert world.outbox.types() == ["institute.registered"] + ["agency.registered"] * 2


async def test_the_agency_admin_switches_downloads_at_the_version_read() -> None:
    world = World()
    agency = await registered_agency(world)
    admin = who(Role.AGENCY_ADMIN, "ana", agency="harbor")
    with pytest.raises(NotFound):
        await directory.change_agency(
            world.work(who(Role.AGENCY_ADMIN, "bo", agency="other")),
            "harbor",
            1,
            AgencyEdit(downloads_allowed=True),
        )
    unchanged = await directory.change_agency(
        world.work(admin), "harbor", 1, AgencyEdit(downloads_allowed=False)
    )
    assert unchanged == agency
    changed = await directory.change_agency(
        world.work(admin), "harbor", 1, AgencyEdit(downloads_allowed=True)
    )
    assert (changed.version, changed.downloads_allowed) == (2, True)
    with pytest.raises(StaleVersion):
        await directory.change_agency(
            world.work(admin), "harbor", 1, AgencyEdit(downloads_allowed=False)
        )
    assert await directory.visible_agency(world.work(admin), "harbor") == changed
    with pytest.raises(NotFound):
        await directory.visible_agency(world.work(ELSEWHERE), "harbor")


async def test_a_practitioner_joins_a_site_of_the_agency_with_a_supervisor_of_it() -> None:
    world = World()
    await registered_agency(world)
    site = await directory.register_site(
        world.work(SERVICE), NewSite(id="north", agency_id="harbor", name="North")
    )
    with pytest.raises(NotFound):
        await directory.register_practitioner(
            world.work(SERVICE), NewPractitioner(site_id="south", display_name="Lee")
        )
    with pytest.raises(InvalidInput, match="register the supervisor first"):
        await directory.register_practitioner(
            world.work(SERVICE),
            NewPractitioner(site_id=site.id, display_name="Dana", supervisor_id="lee"),
        )
    lee = await directory.register_practitioner(
        world.work(SERVICE), NewPractitioner(id="lee", site_id=site.id, display_name="Lee")
    )
    dana = await directory.register_practitioner(
        world.work(SERVICE),
        NewPractitioner(site_id=site.id, display_name="Dana", supervisor_id=lee.id),
    )
    assert (dana.agency_id, dana.supervisor_id) == ("harbor", "lee")
    staff = world.work(STAFF)
    assert await directory.list_practitioners(staff, None, "lee", 10, 0) == ([dana], 1)
    assert await directory.list_sites(staff, "harbor", 10, 0) == ([site], 1)
    assert world.outbox.types()[-1] == "practitioner.registered"
