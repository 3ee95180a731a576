"""The footage lifecycle in the read model: erasures done (with every object), erasures to
come, and the legal holds that postpone them."""

from __future__ import annotations

from spin_contracts.events import erasure_schedule, footage, holds
from spin_contracts.events.envelope import Event, Tenant

from spin_portal.adapters.batch_writer import Changes
from spin_portal.adapters.erasure_tables import ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS

LIFECYCLE_EVENTS = {
    kind.event_type
    for kind in (
        footage.FootageErased,
        erasure_schedule.FootageErasureScheduled,
        holds.LegalHoldPlaced,
        holds.LegalHoldLifted,
    )
}


def project_lifecycle(tenant: Tenant, event: Event, changes: Changes) -> bool:
    """Put the rows `event` implies; False if it is not a lifecycle event."""
    match event:
        case footage.FootageErased():
            changes.put(
                ERASURES,
                footage_id=event.footage_id,
                scope=event.scope.value,
                case_code=event.case_code,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                reason=event.reason.value,
                due_at=event.due_at,
                erased_at=event.erased_at,
                bucket=event.bucket,
                objects=[o.model_dump(mode="json") for o in event.objects],
            )
        case erasure_schedule.FootageErasureScheduled():
            changes.put(
                ERASURE_SCHEDULE,
                footage_id=event.footage_id,
                scope=event.scope.value,
                case_code=event.case_code,
                agency_id=tenant.agency_id,
                reason=event.reason.value,
                due_at=event.due_at,
            )
        case holds.LegalHoldPlaced():
            changes.put(
                LEGAL_HOLDS,
                hold_id=event.hold_id,
                case_code=event.case_code,
                agency_id=tenant.agency_id,
                placed_at=event.placed_at,
            )
        case holds.LegalHoldLifted():
            changes.put(
                LEGAL_HOLDS,
                hold_id=event.hold_id,
                case_code=event.case_code,
                agency_id=tenant.agency_id,
                lifted_at=event.lifted_at,
            )
        case _:
            return False
    return True
