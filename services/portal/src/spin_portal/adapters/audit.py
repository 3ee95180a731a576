"""The audit log: who saw which case or footage, and who exported what, visible to the agency."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import AUDIT_LOG
from spin_portal.domain.accounts import Viewer


async def record(
    conn: AsyncConnection,
    viewer: Viewer,
    action: str,
    subject: str,
    *,
    agency_id: str | None,
    case_code: str | None = None,
) -> None:
    await conn.execute(
        insert(AUDIT_LOG).values(
            username=viewer.username,
            role=viewer.role.value,
            action=action,
            agency_id=agency_id,
            case_code=case_code,
            subject=subject[:500],
        )
    )
