"""The names people read for the portal's stored codes (roles, consent purposes, session kinds,
delivery settings, close reasons, states): stored values stay codes, pages show these words."""

from __future__ import annotations

from spin_portal.domain.apprenticeship import Progress
from spin_portal.web.i18n import N_, gettext, ngettext, when_date

WORDS = {
    # roles
    "institute_staff": N_("institute staff"),
    "agency_admin": N_("agency admin"),
    "practitioner": N_("practitioner"),
    "supervisor": N_("supervisor"),
    # consent purposes and session kinds
    "filming": N_("filming"),
    "supervision_viewing": N_("supervision viewing"),
    "training": N_("training"),
    "shared_review": N_("shared review"),
    "adolescent_coaching": N_("adolescent coaching"),
    # where VIG is delivered
    "birth_family_home": N_("birth family home"),
    "foster_kinship": N_("foster or kinship care"),
    "adoptive_home": N_("adoptive home"),
    "outpatient_clinic": N_("outpatient clinic"),
    "community_agency": N_("community agency"),
    "residential_care": N_("residential care"),
    # why a case closed
    "goals_reached": N_("goals reached"),
    "family_withdrew": N_("family withdrew"),
    "moved_away": N_("moved away"),
    "referred_on": N_("referred on"),
    "other": N_("other"),
    # states of cases, questions and moments
    "open": N_("open"),
    "closed": N_("closed"),
    "achieved": N_("achieved"),
    "dropped": N_("dropped"),
    "strength": N_("strength"),
    "working_point": N_("working point"),
    # fidelity indicators' outcomes
    "pass": N_("pass"),
    "fail": N_("fail"),
    "n/a": N_("not applicable"),
    "pending": N_("pending"),
}


def word(code: object) -> str:
    """The reader's word for a stored code; an unknown code is shown as it is stored."""
    text = str(getattr(code, "value", code) or "")
    known = WORDS.get(text)
    return gettext(known) if known else text.replace("_", " ")


def progress_words(p: Progress) -> str:
    """An apprentice's progress in a sentence (the domain's summary, in the reader's words)."""
    if p.started_on is None:
        return gettext("not an apprentice")
    if p.months >= p.months_target:
        return gettext("apprenticeship completed")
    verdict = (
        ngettext(
            "coaching is overdue (F9: at most %(num)s day)",
            "coaching is overdue (F9: at most %(num)s days)",
            p.max_days,
        )
        if p.overdue
        else ngettext(
            "next coaching due within %(num)s day",
            "next coaching due within %(num)s days",
            p.max_days - p.days,
        )
    )
    if p.last_coached_on is None:
        return ngettext(
            "%(num)s day since the start of the apprenticeship: %(verdict)s",
            "%(num)s days since the start of the apprenticeship: %(verdict)s",
            p.days,
            verdict=verdict,
        )
    return ngettext(
        "%(num)s day since the last coaching (%(day)s): %(verdict)s",
        "%(num)s days since the last coaching (%(day)s): %(verdict)s",
        p.days,
        day=when_date(p.last_coached_on),
        verdict=verdict,
    )
