"""The API's bodies (and the history's lines) become the use cases' commands, field for field."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from spin_contracts.events.planner import DeliverySetting
from spin_planner.domain.commands import cases, history, moments
from spin_planner.models import Body
from spin_planner.models.cases import NewCase
from spin_planner.models.moments import MomentEdit

from tests.support.history import a_case

COMMANDS = ("cases", "sessions", "moments", "coaching", "directory", "history")
BODIES = (*COMMANDS, "consent", "questions", "holds")
NOT_COMMANDED = {"record"}  # a history line's kind, which its command's class says


def _pairs() -> list[tuple[Any, Any]]:
    """Each command with the body of its name (a history line History<part> for Past<part>)."""
    bodies = {
        name: body
        for module in BODIES
        for name, body in inspect.getmembers(
            importlib.import_module(f"spin_planner.models.{module}"), inspect.isclass
        )
    }
    return [
        (bodies[name.replace("Past", "History")], command)
        for module in COMMANDS
        for name, command in inspect.getmembers(
            importlib.import_module(f"spin_planner.domain.commands.{module}"),
            dataclasses.is_dataclass,
        )
        if command.__module__.endswith(f".{module}")
    ]


@pytest.mark.parametrize(("body", "command"), _pairs(), ids=lambda kind: kind.__name__)
def test_every_field_of_a_body_reaches_its_command(body: type[Body], command: type) -> None:
    given = set(body.model_fields) - NOT_COMMANDED
    taken = {field.name for field in dataclasses.fields(command)} - {"given"}
    assert given == taken


def test_a_new_case_becomes_its_command_with_its_family() -> None:
    body = NewCase.model_validate(
        {
            "delivery_setting": "adoptive_home",
            "caregivers": [{"relation": "mother", "name": "Ann"}],
            "children": [{"age": 6}],
            "opened_on": "2026-11-30",
        }
    )

    new = body.command(cases.NewCase)

    assert new.delivery_setting is DeliverySetting.ADOPTIVE_HOME
    assert new.caregivers == [cases.Caregiver(relation="mother", name="Ann")]
    assert new.children == [cases.Child(age=6)]
    assert new.opened_on == date(2026, 11, 30)
    assert new.case_code is None


def test_a_moment_edit_says_which_fields_were_given_even_as_null() -> None:
    body = MomentEdit.model_validate({"helping_question_id": None, "note": "better"})

    edit = body.command(moments.MomentEdit, given=frozenset(body.model_fields_set))

    assert edit.given == {"helping_question_id", "note"}
    assert edit.note == "better"


def test_a_history_line_becomes_the_past_case_with_all_its_parts() -> None:
    line = a_case()
    line.moments[0].helping_question_id = uuid4()

    case = line.past()

    assert isinstance(case, history.PastCase)
    assert isinstance(case.closure, cases.CaseClosure)
    assert isinstance(case.sessions[0], history.PastSession)
    assert case.moments[0].helping_question_id == line.moments[0].helping_question_id
    assert [dataclasses.asdict(c) for c in case.caregivers] == [
        c.model_dump() for c in line.caregivers
    ]
