"""A malformed request's 422 in the reader's language: pydantic's error types as whole
sentences of spincore's own catalog (`spincore/locale`), their values from the error's
context. English answers keep pydantic's own words; a type without a sentence here keeps
pydantic's English (a custom validator's ValueError, say).

A service's own validators raise `PydanticCustomError` with a type of its own and name those
types' sentences, from its own catalog, in `OwnSentences` (`app.state.own_sentences`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spincore.i18n import ENGLISH, N_, Catalogs

CATALOGS = Catalogs(Path(__file__).resolve().parent / "locale")
# pydantic-core's error type -> its sentence (placeholders are the error context's keys).
SENTENCES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "string_too_short": N_("String should have at least %(min_length)s characters"),
    "string_too_long": N_("String should have at most %(max_length)s characters"),
    "string_type": N_("Input should be a valid string"),
    "string_pattern_mismatch": N_("String should match pattern '%(pattern)s'"),
    "too_short": N_("the list should have at least %(min_length)s items"),
    "too_long": N_("the list should have at most %(max_length)s items"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "int_parsing": N_("Input should be a valid integer"),
    "int_type": N_("Input should be a valid integer"),
    "float_parsing": N_("Input should be a valid number"),
    "bool_parsing": N_("Input should be a valid boolean"),
    "uuid_parsing": N_("Input should be a valid UUID"),
    "date_parsing": N_("Input should be a valid date"),
    "date_from_datetime_parsing": N_("Input should be a valid date"),
    "datetime_parsing": N_("Input should be a valid datetime"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime"),
    "enum": N_("Input should be %(expected)s"),
    "literal_error": N_("Input should be %(expected)s"),
    "json_invalid": N_("the body is not valid JSON"),
    "model_attributes_type": N_("Input should be an object"),
    "dict_type": N_("Input should be an object"),
    "list_type": N_("Input should be a list"),
}


@dataclass(frozen=True)
class OwnSentences:
    """A service's own error types (PydanticCustomError's) -> sentences of its catalog."""

    catalogs: Catalogs
    sentences: Mapping[str, str]


def problem_words(
    problem: Mapping[str, Any], language: str, own: OwnSentences | None = None
) -> str:
    """The problem's sentence in `language` (pydantic's own words for English)."""
    english = str(problem.get("msg", ""))
    kind = str(problem.get("type", ""))
    catalogs, template = CATALOGS, SENTENCES.get(kind)
    if own is not None and kind in own.sentences:
        catalogs, template = own.catalogs, own.sentences[kind]
    if language == ENGLISH or template is None:
        return english
    context = problem.get("ctx")
    values = dict(context) if isinstance(context, Mapping) else {}
    try:
        return catalogs.sentence(template, language, values)
    except (KeyError, TypeError, ValueError):  # a context without the sentence's values
        return english


def request_language(accept_language: str | None) -> str:
    return CATALOGS.language(accept_language)
