"""A case's stored facts as the indicators read them, on its institute's clock.

The read model keeps moments as UTC instants; a case's dates (opened, closed) are days on its
institute's clock. So every moment is handed to the domain in the institute's time zone: its
`.date()` is then the day the practitioner lived it (a session at 00:30 in Jerusalem is that
day's, not the day before's in UTC). Comparisons between moments are unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import (
    CONSENTS,
    FOOTAGE,
    HELPING_QUESTIONS,
    PRACTITIONERS,
    SESSIONS,
    SUPERVISIONS,
)
from spin_portal.adapters.zone_tables import INSTITUTE_TIME_ZONES
from spin_portal.domain.facts import CaseFacts, ConsentFact, FootageFact, SessionFact, ShownClipFact
from spin_portal.domain.time_zone import resolve_zone


async def institute_zones(
    conn: AsyncConnection, institutes: Iterable[str], default: str
) -> dict[str, ZoneInfo]:
    """Each institute's clock: its chosen zone, else the deployment's `default`, else UTC."""
    wanted = set(institutes)
    rows = await conn.execute(
        select(INSTITUTE_TIME_ZONES).where(INSTITUTE_TIME_ZONES.c.institute_id.in_(wanted))
    )
    chosen = {row.institute_id: row.time_zone for row in rows}
    return {i: resolve_zone(institute=chosen.get(i), fallback=default) for i in wanted}


async def load_facts(
    conn: AsyncConnection, cases: Sequence[Row[Any]], default_zone: str = "UTC"
) -> dict[str, CaseFacts]:
    codes = [c.case_code for c in cases]
    practitioner_ids = {c.practitioner_id for c in cases}
    zones = await institute_zones(conn, {c.institute_id for c in cases}, default_zone)
    questions = await _grouped(conn, HELPING_QUESTIONS, HELPING_QUESTIONS.c.case_code, codes)
    sessions = await _grouped(conn, SESSIONS, SESSIONS.c.case_code, codes)
    consents = await _grouped(conn, CONSENTS, CONSENTS.c.case_code, codes)
    footage = await _grouped(conn, FOOTAGE, FOOTAGE.c.case_code, codes)
    supervisions = await _grouped(
        conn, SUPERVISIONS, SUPERVISIONS.c.practitioner_id, practitioner_ids
    )
    practitioners = await _grouped(
        conn, PRACTITIONERS, PRACTITIONERS.c.practitioner_id, practitioner_ids
    )
    facts: dict[str, CaseFacts] = {}
    for c in cases:
        zone = zones[c.institute_id]
        facts[c.case_code] = CaseFacts(
            case_code=c.case_code,
            opened_on=c.opened_on,
            closed_on=c.closed_on,
            close_reason=c.close_reason,
            helping_questions_at=tuple(
                q.recorded_at.astimezone(zone) for q in questions[c.case_code] if q.recorded_at
            ),
            sessions=tuple(
                _session(s, zone) for s in sessions[c.case_code] if s.held_at is not None
            ),
            consents=tuple(_consent(k, zone) for k in consents[c.case_code]),
            footage=tuple(_footage(f, zone) for f in footage[c.case_code]),
            apprenticeship_started_on=next(
                (p.apprenticeship_started_on for p in practitioners[c.practitioner_id]), None
            ),
            supervisions_on=tuple(
                sorted(
                    s.held_at.astimezone(zone).date()
                    for s in supervisions[c.practitioner_id]
                    if s.held_at
                )
            ),
        )
    return facts


async def _grouped(
    conn: AsyncConnection, table: Any, key: Any, values: Iterable[Any]
) -> dict[Any, list[Row[Any]]]:
    grouped: dict[Any, list[Row[Any]]] = defaultdict(list)
    position = list(table.columns).index(key)
    for row in await conn.execute(select(table).where(key.in_(list(values)))):
        grouped[row[position]].append(row)
    return grouped


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone) if moment is not None else None


def _session(row: Row[Any], zone: ZoneInfo) -> SessionFact:
    return SessionFact(
        kind=row.kind,
        held_at=row.held_at.astimezone(zone),
        duration_minutes=row.duration_minutes or 0,
        children_present=row.children_present,
        homework_agreed=row.homework_agreed,
        clips_shown=tuple(ShownClipFact(bool(s), bool(q)) for s, q in row.clips_shown or ()),
    )


def _consent(row: Row[Any], zone: ZoneInfo) -> ConsentFact:
    return ConsentFact(
        row.purpose,
        _local(row.granted_at, zone),
        _local(row.valid_until, zone),
        _local(row.withdrawn_at, zone),
    )


def _footage(row: Row[Any], zone: ZoneInfo) -> FootageFact:
    return FootageFact(
        str(row.footage_id),
        _local(row.filmed_at, zone),
        _local(row.uploaded_at, zone),
        row.failed_reason,
        row.transcoded_at is not None,
        row.failed,
    )
