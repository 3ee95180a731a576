"""Fidelity indicators F5-F8 (DOMAIN.md section 5): what the filmings and shared reviews held,
the clips shown (strengths, linked to a helping question), children present, homework agreed.

Pure functions of one case's facts, like F1-F4 in `indicators`.
"""

from __future__ import annotations

from spin_portal.domain.facts import CaseFacts
from spin_portal.domain.outcomes import N_, Nn_, Outcome
from spin_portal.domain.reasons import Param, Reason, days
from spin_portal.domain.thresholds import Thresholds


def _shown_clips(case: CaseFacts) -> list[tuple[bool, bool]]:
    return [
        (clip.strength, clip.linked_to_helping_question)
        for review in case.reviews()
        for clip in review.clips_shown
    ]


NO_CLIPS = Reason(N_("no clips shown in a shared review yet"))
STRENGTHS_SHOWN = Nn_(
    "%(shown)s of %(clips)s clip shown was a strength moment "
    "(%(shown_share)s; needed %(needed_share)s)",
    "%(shown)s of %(clips)s clips shown were strength moments "
    "(%(shown_share)s; needed %(needed_share)s)",
)
LINKED_SHOWN = Nn_(
    "%(shown)s of %(clips)s clip shown was linked to a helping question "
    "(%(shown_share)s; needed %(needed_share)s)",
    "%(shown)s of %(clips)s clips shown were linked to a helping question "
    "(%(shown_share)s; needed %(needed_share)s)",
)


def _clip_share(
    counted: list[bool], needed: float, forms: tuple[str, str]
) -> tuple[Outcome, Reason]:
    """F5 and F6: the share of the clips shown that were what the indicator counts."""
    if not counted:
        return Outcome.NOT_APPLICABLE, NO_CLIPS
    shown, clips = sum(counted), len(counted)
    share = shown / clips
    params: dict[str, Param] = {
        "shown": shown,
        "clips": clips,
        "shown_share": share,
        "needed_share": needed,
    }
    return (Outcome.PASS if share >= needed else Outcome.FAIL), Reason.counted(
        forms, "clips", params
    )


def strengths_based(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    strengths = [strength for strength, _ in _shown_clips(case)]
    return _clip_share(strengths, t.f5_min_strength_share, STRENGTHS_SHOWN)


def clips_answer_question(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    linked = [link for _, link in _shown_clips(case)]
    return _clip_share(linked, t.f6_min_linked_share, LINKED_SHOWN)


def children_present(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, Reason]:
    filmings = case.filmings()
    if not filmings:
        return Outcome.NOT_APPLICABLE, Reason(N_("no filming recorded yet"))
    absent = [f for f in filmings if f.children_present is not True]
    if absent:
        return Outcome.FAIL, Reason.counted(
            Nn_(
                "children not recorded as present at the one filming (%(filmed_on)s)",
                "children not recorded as present at %(absent)s of %(filmings)s filmings "
                "(%(filmed_on)s)",
            ),
            "filmings",
            {
                "absent": len(absent),
                "filmings": len(filmings),
                "filmed_on": days(f.held_at for f in absent[:3]),
            },
        )
    return Outcome.PASS, Reason.counted(
        Nn_("children present at the one filming", "children present at all %(filmings)s filmings"),
        "filmings",
        {"filmings": len(filmings)},
    )


def homework_agreed(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, Reason]:
    reviews = case.reviews()
    if not reviews:
        return Outcome.NOT_APPLICABLE, Reason(N_("no shared review recorded yet"))
    without = [r for r in reviews if r.homework_agreed is not True]
    if without:
        return Outcome.FAIL, Reason.counted(
            Nn_(
                "no homework recorded at the one shared review (%(held_on)s)",
                "no homework recorded at %(without)s of %(reviews)s shared reviews (%(held_on)s)",
            ),
            "reviews",
            {
                "without": len(without),
                "reviews": len(reviews),
                "held_on": days(r.held_at for r in without[:3]),
            },
        )
    return Outcome.PASS, Reason.counted(
        Nn_(
            "homework agreed at the one shared review",
            "homework agreed at all %(reviews)s shared reviews",
        ),
        "reviews",
        {"reviews": len(reviews)},
    )
