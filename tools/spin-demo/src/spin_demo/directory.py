"""The demo's directory: institutes, agencies, sites, guides and one supervisor per agency."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

COUNTRIES = ("US", "NL", "GB", "DE")


@dataclass(frozen=True)
class Sizes:
    institutes: int = 2
    agencies: int = 8
    sites: int = 30
    practitioners: int = 120
    cases: int = 1500
    months: int = 18
    end: date = date(2026, 10, 31)

    def __post_init__(self) -> None:
        if not 1 <= self.institutes <= self.agencies <= self.sites <= self.practitioners:
            raise ValueError(
                "sizes must grow from institutes to agencies to sites to practitioners "
                f"(each at least 1): {self}"
            )
        if self.cases < 0 or self.months < 1:
            raise ValueError("cases cannot be negative and months must be at least 1")

    @property
    def start(self) -> date:
        index = self.end.year * 12 + self.end.month - 1 - (self.months - 1)
        return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Place:
    institute_id: str
    agency_id: str
    site_id: str


@dataclass(frozen=True)
class Practitioner:
    id: str
    place: Place
    display_name: str
    apprenticeship_started_on: date | None = None
    supervisor_id: str | None = None


@dataclass
class Directory:
    institutes: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, country
    agencies: list[tuple[str, str, str]] = field(default_factory=list)  # id, institute, name
    sites: list[tuple[Place, str]] = field(default_factory=list)  # place, name
    supervisors: list[Practitioner] = field(default_factory=list)  # one per agency
    guides: list[Practitioner] = field(default_factory=list)  # cases go to these

    def supervisor_of(self, agency_id: str) -> Practitioner:
        return next(s for s in self.supervisors if s.place.agency_id == agency_id)


def directory(sizes: Sizes, rng: random.Random) -> Directory:
    """Sites go round the agencies, guides round the sites; about a third are apprentices."""
    found = Directory()
    for n in range(sizes.institutes):
        found.institutes.append((f"inst-{n + 1}", f"SPIN Institute {n + 1}", COUNTRIES[n % 4]))
    for n in range(sizes.agencies):
        institute = found.institutes[n % sizes.institutes][0]
        found.agencies.append((f"agency-{n + 1}", institute, f"Family Services {n + 1}"))
    for n in range(sizes.sites):
        agency, institute, _ = found.agencies[n % sizes.agencies]
        found.sites.append((Place(institute, agency, f"site-{n + 1}"), f"Office {n + 1}"))
    for n, (agency, _, _) in enumerate(found.agencies):
        place = next(p for p, _ in found.sites if p.agency_id == agency)
        found.supervisors.append(Practitioner(f"supervisor-{n + 1}", place, f"Supervisor {n + 1}"))
    for n in range(sizes.practitioners):
        place = found.sites[n % sizes.sites][0]
        started = None
        if rng.random() < 0.35:
            started = sizes.start + timedelta(days=rng.randrange(0, 200))
        supervisor = found.supervisor_of(place.agency_id).id if started else None
        found.guides.append(
            Practitioner(f"guide-{n + 1}", place, f"Guide {n + 1}", started, supervisor)
        )
    return found
