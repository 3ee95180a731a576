"""The agency's audit log: what its people saw and exported (page views, each in a unit of
work of its own, kept before the page or its links are given), and changes made elsewhere (in
the planner: legal holds, the agency's download setting)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from spin_portal.domain.accounts import Viewer
from spin_portal.service.ports import AuditEntry, UnitOfWorkFactory


class Viewing(StrEnum):
    """What a page gave someone that the agency's audit log keeps."""

    CASE = "case_viewed"
    FOOTAGE = "footage_viewed"
    FOOTAGE_DOWNLOAD = "footage_downloaded"
    CLIPS = "clips_viewed"
    SHARED_REVIEW = "shared_review_shown"
    ERASURE_RECORD = "erasure_record_viewed"
    EXPORT = "export"


async def record_audit(entry: AuditEntry, *, units: UnitOfWorkFactory) -> None:
    async with units() as uow:
        await uow.audit.record(entry)


async def record_view(
    viewer: Viewer,
    viewing: Viewing,
    subject: str,
    *,
    agency_id: str | None,
    case_code: str | None = None,
    units: UnitOfWorkFactory,
) -> None:
    """Keep a page view; the caller answers (or signs the links) only once this returns."""
    entry = AuditEntry(viewer, viewing.value, subject, agency_id=agency_id, case_code=case_code)
    await record_audit(entry, units=units)


async def record_export(
    viewer: Viewer,
    subject: str,
    *,
    agencies: Iterable[str],
    otherwise: str | None,
    units: UnitOfWorkFactory,
) -> None:
    """An export, in the audit log of every agency whose rows it holds (an institute's or a
    pipeline's export holds several); in `otherwise`'s when it holds none."""
    held: list[str | None] = [*sorted(set(agencies))]
    async with units() as uow:
        for agency_id in held or [otherwise]:
            await uow.audit.record(AuditEntry(viewer, Viewing.EXPORT.value, subject, agency_id))
