"""A malformed request's 422 in the reader's language: pydantic's sentences translated by
error type with the error's values; English keeps pydantic's words; unknown types stay English."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field
from spincore.validation_words import problem_words
from spincore.web_guards import add_guards


class Question(BaseModel):
    words: str = Field(min_length=3)
    week: int = Field(ge=1)


def _app() -> FastAPI:
    app = FastAPI()
    add_guards(app, max_body_bytes=10_000)

    @app.post("/questions")
    async def record(question: Question) -> dict[str, str]:
        return {"words": question.words}

    return app


async def _refused(language: str) -> tuple[dict[str, str], str]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        answer = await client.post(
            "/questions", json={"words": "ab", "week": 0}, headers={"Accept-Language": language}
        )
    assert answer.status_code == 422
    by_field = {p["loc"][-1]: p["msg"] for p in answer.json()["detail"]}
    return by_field, answer.headers["content-language"]


async def test_dutch_and_hebrew_readers_get_the_422_in_their_language() -> None:
    dutch, language = await _refused("nl-NL,nl;q=0.9")
    assert language == "nl"
    assert dutch == {
        "words": "Gebruik minstens 3 tekens",
        "week": "Vul een waarde van minstens 1 in",
    }
    hebrew, _ = await _refused("he")
    assert hebrew["words"] == "יש להזין לפחות 3 תווים"


async def test_english_and_unknown_languages_keep_pydantics_words() -> None:
    english, language = await _refused("fr")
    assert language == "en"
    assert english["words"] == "String should have at least 3 characters"


def test_a_type_without_a_sentence_keeps_its_english() -> None:
    problem = {"type": "value_error", "msg": "Value error, the week is closed", "ctx": {}}
    assert problem_words(problem, "nl") == "Value error, the week is closed"
