"""The directory's listings in SQL, each narrowed to the agencies the caller may read."""

from __future__ import annotations

from typing import Any

from spin_contracts.claims import Principal, Role
from sqlalchemy import Select, select

from spin_planner.adapters.tables import AGENCIES, INSTITUTES, PRACTITIONERS, SITES


def readable_agencies(principal: Principal) -> Select[tuple[str]]:
    """Ids of the agencies whose directory `principal` may read."""
    query = select(AGENCIES.c.id)
    if principal.role is Role.SERVICE:
        return query
    query = query.where(AGENCIES.c.institute_id == principal.institute_id)
    if principal.role is not Role.INSTITUTE_STAFF:
        query = query.where(AGENCIES.c.id == principal.agency_id)
    return query


def institutes(principal: Principal) -> Select[Any]:
    """The caller's own institute (every one, for the service role)."""
    query = select(INSTITUTES).order_by(INSTITUTES.c.id)
    if principal.role is not Role.SERVICE:
        query = query.where(INSTITUTES.c.id == principal.institute_id)
    return query


def agencies(principal: Principal) -> Select[Any]:
    return (
        select(AGENCIES)
        .where(AGENCIES.c.id.in_(readable_agencies(principal)))
        .order_by(AGENCIES.c.id)
    )


def sites(principal: Principal, agency_id: str | None) -> Select[Any]:
    query = (
        select(SITES)
        .where(SITES.c.agency_id.in_(readable_agencies(principal)))
        .order_by(SITES.c.id)
    )
    return query.where(SITES.c.agency_id == agency_id) if agency_id else query


def practitioners(
    principal: Principal, site_id: str | None, supervisor_id: str | None
) -> Select[Any]:
    query = (
        select(PRACTITIONERS)
        .where(PRACTITIONERS.c.agency_id.in_(readable_agencies(principal)))
        .order_by(PRACTITIONERS.c.id)
    )
    if site_id:
        query = query.where(PRACTITIONERS.c.site_id == site_id)
    if supervisor_id:
        query = query.where(PRACTITIONERS.c.supervisor_id == supervisor_id)
    return query
