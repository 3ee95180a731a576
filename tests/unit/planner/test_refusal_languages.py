"""The planner's refusals in the reader's language (Accept-Language), English where none fits;
`message` stays the English sentence."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from fastapi import FastAPI
from spin_planner.api.app import create_app
from spin_planner.domain.errors import Conflict, InvalidInput
from spin_planner.models import Body
from spin_planner.settings import PlannerSettings


class Unstorable(Body):
    words: str
    on: date


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


async def _unstorable(language: str) -> httpx.Response:
    """A body with a NUL in its text and a query value with one, in `language`."""
    app = _app()

    @app.post("/test-refusal/unstorable")
    async def unstorable(body: Unstorable) -> None:
        raise AssertionError(body)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://planner") as client:
        return await client.post(
            "/test-refusal/unstorable",
            json={"words": "a\x00b", "on": "1066-10-14"},
            headers={"Accept-Language": language},
        )


@pytest.mark.parametrize(
    ("header", "nul", "dates"),
    [
        (
            "nl",
            "de tekst bevat een NUL-teken, dat niet kan worden opgeslagen",
            "datums moeten tussen 1900 en 2999 liggen",
        ),
        ("he", "הטקסט מכיל תו NUL, שלא ניתן לשמור", "תאריכים חייבים להיות בין 1900 ל-2999"),
        (
            "en",
            "the text contains a NUL character, which cannot be stored",
            "dates must lie between 1900 and 2999",
        ),
    ],
)
async def test_an_unstorable_body_is_refused_in_the_readers_language(
    header: str, nul: str, dates: str
) -> None:
    answer = await _unstorable(header)
    assert answer.status_code == 422
    assert answer.headers["content-language"] == header
    by_field = {p["loc"][-1]: p for p in answer.json()["detail"]}
    assert by_field["words"]["msg"] == nul
    assert by_field["words"]["type"] == "nul_character"
    assert by_field["on"]["msg"] == dates


@pytest.mark.parametrize(
    ("header", "sentence"),
    [
        ("nl", "de waarde bevat een NUL-teken; zo'n waarde kan niet worden opgeslagen of gezocht"),
        ("he", "הערך מכיל תו NUL, שלא ניתן לשמור או לחפש"),
        ("en", "the value contains a NUL character, which cannot be stored or searched for"),
    ],
)
async def test_a_nul_in_a_query_value_is_refused_in_the_readers_language(
    header: str, sentence: str
) -> None:
    transport = httpx.ASGITransport(app=create_app(PlannerSettings()))
    async with httpx.AsyncClient(transport=transport, base_url="http://planner") as client:
        answer = await client.get(
            "/cases", params={"practitioner_id": "a\x00b"}, headers={"Accept-Language": header}
        )
    assert answer.status_code == 422
    problems = answer.json()["detail"]
    assert [p["msg"] for p in problems if p["loc"] == ["query", "practitioner_id"]] == [sentence]
