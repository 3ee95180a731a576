"""The read model's erasures (from footage.erased), for the case timeline, the footage link and
the erasure record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.erasure_tables import ERASURES
from spin_portal.web.erasure_words import reason_words, scope_words
from spin_portal.web.i18n import ngettext


async def erased(conn: AsyncConnection, footage_id: UUID) -> Row[Any] | None:
    """The erasure of the whole footage, if there was one (the camera file alone does not count)."""
    query = select(ERASURES).where(ERASURES.c.footage_id == footage_id, ERASURES.c.scope == "all")
    return (await conn.execute(query)).first()


async def of_case(conn: AsyncConnection, case_code: str) -> Sequence[Row[Any]]:
    query = select(ERASURES).where(ERASURES.c.case_code == case_code)
    return (await conn.execute(query.order_by(ERASURES.c.erased_at))).all()


def timeline_entries(
    erasures: Sequence[Row[Any]], record_link: str | None
) -> list[tuple[datetime, str, str, str | None]]:
    entries = []
    for e in erasures:
        what = scope_words(e.scope)
        detail = ngettext(
            "%(num)s object removed because %(reason)s",
            "%(num)s objects removed because %(reason)s",
            len(e.objects or []),
            reason=reason_words(e.reason),
        )
        entries.append((e.erased_at, what, detail, record_link))
    return entries
