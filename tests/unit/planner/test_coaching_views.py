"""The coding use cases hand back domain records; the API words them as its views."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from spin_contracts.events.coaching import PrincipleFigure
from spin_planner.api.routes.coaching import agreement_view
from spin_planner.domain.records import Agreement, CodedMoment, CodingState
from spin_planner.models.coaching import CodingView

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_a_coding_state_becomes_its_view_with_the_supervisors_moments() -> None:
    footage_id = uuid4()
    moment = CodedMoment(uuid4(), footage_id, "prac-sup", 1.0, 4.5, ["attuning"])
    state = CodingState(
        footage_id, "prac-app", "prac-sup", "supervisor", NOW, None, [moment], False, True, None
    )

    view = CodingView.model_validate(state)

    assert view.my_role == "supervisor"
    assert view.supervisor_done_at == NOW
    assert [(m.id, m.start_s, m.principles) for m in view.supervisor_moments] == [
        (moment.id, 1.0, ["attuning"])
    ]


def test_an_agreement_view_says_why_a_figure_has_no_kappa() -> None:
    figures = [
        PrincipleFigure(principle="any", kappa=0.5, observed=0.75, slices=8),
        PrincipleFigure(principle="attuning", observed=1.0, slices=8),
    ]
    agreement = Agreement(uuid4(), "prac-app", "prac-sup", 1.0, 3, 4, figures, NOW)

    view = agreement_view(agreement)

    assert (view.apprentice_moments, view.supervisor_moments, view.slice_s) == (3, 4, 1.0)
    assert view.figures[0].not_comparable_reason is None
    assert view.figures[1].not_comparable_reason
    assert [f.kappa for f in view.figures] == [0.5, None]
