"""The audit log: who saw which case or footage, and who exported what, visible to the agency."""

from __future__ import annotations

from collections.abc import Iterable

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


async def record_export(
    conn: AsyncConnection,
    viewer: Viewer,
    subject: str,
    *,
    agencies: Iterable[str],
    otherwise: str | None,
) -> None:
    """An export, in the audit log of every agency whose rows it holds (an institute's or a
    pipeline's export holds several); in `otherwise`'s when it holds none."""
    held: list[str | None] = [*sorted(set(agencies))]
    for agency_id in held or [otherwise]:
        await record(conn, viewer, "export", subject, agency_id=agency_id)
