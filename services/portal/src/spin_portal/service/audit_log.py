"""Changes made elsewhere (in the planner: legal holds, the agency's download setting) kept
in the agency's audit log, in a unit of work of their own."""

from __future__ import annotations

from spin_portal.service.ports import AuditEntry, UnitOfWorkFactory


async def record_audit(entry: AuditEntry, *, units: UnitOfWorkFactory) -> None:
    async with units() as uow:
        await uow.audit.record(entry)
