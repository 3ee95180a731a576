"""The planner's refusals in the reader's language (Accept-Language), English where none fits;
`message` stays the English sentence."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from spin_planner.api.app import create_app
from spin_planner.domain.errors import Conflict, InvalidInput
from spin_planner.settings import PlannerSettings


def _app() -> FastAPI:
    app = create_app(PlannerSettings())  # builds clients only; nothing connects

    @app.get("/test-refusal/conflict")
    async def conflict() -> None:
        raise Conflict("the case code %(code)s is already in use", code="C-7K2M")

    @app.get("/test-refusal/field")
    async def field() -> None:
        raise InvalidInput("a moment appears twice in the plan", field="moment_ids")

    return app


async def _get(path: str, language: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://planner") as client:
        return await client.get(path, headers={"Accept-Language": language})


@pytest.mark.parametrize(
    ("header", "sentence", "language"),
    [
        ("nl-NL,nl;q=0.9", "de casuscode C-7K2M is al in gebruik", "nl"),
        ("he", "קוד התיק C-7K2M כבר בשימוש", "he"),
        ("fr-FR,fr;q=0.9", "the case code C-7K2M is already in use", "en"),
        ("", "the case code C-7K2M is already in use", "en"),
    ],
)
async def test_a_refusal_comes_in_the_readers_language(
    header: str, sentence: str, language: str
) -> None:
    answer = await _get("/test-refusal/conflict", header)
    assert answer.status_code == 409
    assert answer.json() == {"detail": sentence}
    assert answer.headers["content-language"] == language


async def test_a_field_refusal_is_translated_in_its_422() -> None:
    answer = await _get("/test-refusal/field", "nl")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["msg"] == "een moment staat twee keer in het plan"


def test_the_message_stays_english() -> None:
    refusal = Conflict("the case code %(code)s is already in use", code="C-7K2M")
    assert refusal.message == "the case code C-7K2M is already in use"
