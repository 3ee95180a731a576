"""The audit case page's timeline: what happened to a case, each entry in the reader's words
(stored codes through `word`, counts through ngettext)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row

from spin_portal.queries.cases import TimelineRows
from spin_portal.web.erasure_words import reason_words, scope_words
from spin_portal.web.failure_words import failure_words
from spin_portal.web.i18n import _, ngettext, number, when_date
from spin_portal.web.words import word

Entry = tuple[datetime | date, str, str, str | None]


def case_entries(case: Row[Any]) -> list[Entry]:
    entries: list[Entry] = []
    if case.opened_on:
        setting = _("setting: %(setting)s", setting=word(case.delivery_setting))
        entries.append((case.opened_on, _("case opened"), setting, None))
    if case.closed_on:
        reason = _("reason: %(reason)s", reason=word(case.close_reason))
        entries.append((case.closed_on, _("case closed"), reason, None))
    return entries


def happened_entries(happened: TimelineRows, footage_link: Mapping[Any, str]) -> list[Entry]:
    entries: list[Entry] = []
    for q in happened.helping_questions:
        entries.append((q.recorded_at, _("helping question recorded"), "", None))
    for s in happened.sessions:
        entries.append((s.held_at, word(s.kind), session_detail(s), None))
    for c in happened.consents:
        purpose = word(c.purpose)
        if c.granted_at:
            until = _("valid until %(day)s", day=when_date(c.valid_until)) if c.valid_until else ""
            what = _("consent granted: %(purpose)s", purpose=purpose)
            entries.append((c.granted_at, what, until, None))
        if c.withdrawn_at:
            what = _("consent withdrawn: %(purpose)s", purpose=purpose)
            entries.append((c.withdrawn_at, what, "", None))
    for f in happened.footage:
        if f.uploaded_at:
            link = footage_link.get(f.footage_id)
            entries.append((f.uploaded_at, _("footage uploaded"), footage_detail(f), link))
        if f.failed_at:
            failure = failure_words(f.failed, f"{f.failed_stage}: {f.failed_reason}") or ""
            entries.append((f.failed_at, _("footage failed"), failure, None))
    return entries


def erasure_entries(erasures: Sequence[Row[Any]], record_link: str | None) -> list[Entry]:
    entries: list[Entry] = []
    for e in erasures:
        detail = ngettext(
            "%(num)s object removed because %(reason)s",
            "%(num)s objects removed because %(reason)s",
            len(e.objects or []),
            reason=reason_words(e.reason),
        )
        entries.append((e.erased_at, scope_words(e.scope), detail, record_link))
    return entries


def session_detail(s: Row[Any]) -> str:
    parts = [_("%(minutes)s min", minutes=s.duration_minutes)]
    if s.kind == "filming":
        parts.append(
            _("children present") if s.children_present else _("children NOT recorded as present")
        )
    if s.kind == "shared_review":
        clips = s.clips_shown or []
        strengths = sum(1 for strength, _q in clips if strength)
        linked = sum(1 for _s, q in clips if q)
        parts.append(ngettext("%(num)s clip shown", "%(num)s clips shown", len(clips)))
        parts.append(ngettext("%(num)s strength", "%(num)s strengths", strengths))
        parts.append(
            ngettext("%(num)s linked to a question", "%(num)s linked to a question", linked)
        )
        parts.append(_("homework agreed") if s.homework_agreed else _("NO homework recorded"))
    return "; ".join(parts)


def footage_detail(f: Row[Any]) -> str:
    state = _("playable") if f.transcoded_at else (_("failed") if f.failed_at else _("processing"))
    if not f.filmed_at:
        return state
    hours = round((f.uploaded_at - f.filmed_at).total_seconds() / 3600)
    return ngettext(
        "uploaded %(num)s hour after filming; %(state)s",
        "uploaded %(num)s hours after filming; %(state)s",
        hours,
        num=number(hours),
        state=state,
    )
