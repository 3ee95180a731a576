"""The portal's languages: locale resolution falls back and never fails (catalog completeness over
every service: tests/unit/test_catalogs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from spin_portal.domain.locale import direction, resolve
from spin_portal.settings import PortalSettings
from spin_portal.web import i18n
from spincore.languages import accepted, language_of

PORTAL = Path(__file__).resolve().parents[3] / "services" / "portal"
LOCALE = PORTAL / "src" / "spin_portal" / "locale"
TRANSLATED = [code for code in PortalSettings().languages if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]")


def test_languages_resolve_by_choice_then_institute_then_browser() -> None:
    offered = ("en", "nl", "he")
    assert resolve(offered, own="he", institute="nl", browser="nl") == "he"
    assert resolve(offered, institute="nl", browser="he") == "nl"
    assert resolve(offered, browser="fr-FR, he;q=0.8, nl;q=0.9") == "nl"
    assert resolve(offered, browser="nl-BE") == "nl"
    assert resolve(offered, fallback="he") == "he"
    assert resolve(offered) == "en"


@pytest.mark.parametrize(
    "header", ["", "*", "xx", "de;q=abc", ";;;", "he;q=0", "en-US" * 200, "../../etc", "😀"]
)
def test_an_unknown_or_broken_language_falls_back_without_an_error(header: str) -> None:
    assert resolve(("en", "nl", "he"), own="klingon", institute="", browser=header) == "en"


def test_accept_language_order_and_directions() -> None:
    assert accepted("da, en-GB;q=0.8, en;q=0.7") == ["da", "en", "en"]
    assert language_of("he-IL") == "he"
    assert language_of("not a tag") is None
    assert (direction("he"), direction("nl")) == ("rtl", "ltr")


def test_a_missing_translation_shows_english_and_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    i18n.use_language("nl")
    try:
        assert i18n.gettext("My cases") == "Mijn casussen"
        assert i18n.gettext("A message no catalog has") == "A message no catalog has"
        assert i18n.gettext("A message no catalog has") == "A message no catalog has"
    finally:
        i18n.use_language("en")
    assert sum("translation_missing" in r.getMessage() for r in caplog.records) == 1


def test_pages_speak_the_language_of_the_request() -> None:
    env = Environment(
        loader=FileSystemLoader(PORTAL / "src/spin_portal/templates"), autoescape=True
    )
    i18n.install(env)
    env.globals["word"] = str
    page = env.get_template("login.html")
    i18n.use_language("he")
    try:
        hebrew = page.render(language="he", title="x", csrf_token="t")
        assert 'dir="rtl"' in hebrew
        assert 'lang="he"' in hebrew
        assert "התחברות" in hebrew
        assert i18n.when("2026-03-04T15:05:00+00:00") == "4 במרץ 2026 15:05"
        i18n.use_language("nl")
        assert i18n.when_date("2026-03-04") == "4 mrt 2026"
        assert i18n.percent(0.25) == "25%"
        assert i18n.number(1234.5) == "1.234,5"
        words = i18n.script_words()
        assert words["Moment saved."] == "Moment opgeslagen."
    finally:
        i18n.use_language("en")
    english = page.render(language="en", title="x", csrf_token="t")
    assert 'dir="ltr"' in english
    assert "Log in" in english
