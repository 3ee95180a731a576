"""Every service's languages: each message `make messages` would extract from the code (and the
portal's templates and scripts) is translated in each catalog, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from spincore.i18n import ENGLISH, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# The Makefile's CATALOG_DIRS, by the project's last name.
PROJECTS = {
    "portal": ROOT / "services" / "portal",
    "planner": ROOT / "services" / "planner",
    "ingest": ROOT / "services" / "ingest",
    "transcode": ROOT / "services" / "transcode",
    "spincore": ROOT / "libs" / "spincore",
}
CATALOGUED = tuple(PROJECTS)
# As the Makefile's `messages`: N_ and Nn_ (counted), the refusal classes (REFUSALS) and the
# portal's scripts.
REFUSALS = "NotFound Forbidden Conflict ImpossibleTimeline InvalidInput VersionRequired"
KEYWORDS = ["N_", *REFUSALS.split(), "StaleVersion", "RefusalError:2", "FinalRefusalError:2"]
KEYWORDS += ["Nn_:1,2", "tr", "trn:1,2"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[a-z]")
TRANSLATED = [code for code in LANGUAGES if code != ENGLISH]
Messages = dict[str, object]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Messages]:
    """What `make messages` would extract now, fresh from each service's sources."""
    found: dict[str, Messages] = {}
    for name in CATALOGUED:
        pot = tmp_path_factory.mktemp(name) / "messages.pot"
        service = PROJECTS[name]
        keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
        config = str(service / "babel.cfg")
        CommandLineInterface().run(  # type: ignore[no-untyped-call]
            ["pybabel", "-q", "extract", "-F", config, *keywords, "-o", str(pot), str(service)]
        )
        with pot.open("rb") as source:
            found[name] = {
                m.id if isinstance(m.id, str) else m.id[0]: m.id for m in read_po(source) if m.id
            }
    return found


def catalog(service: str, language: str) -> Messages:
    (locale,) = (PROJECTS[service] / "src").glob("*/locale")
    po = locale / language / "LC_MESSAGES"
    with (po / "messages.po").open("rb") as source:
        return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(source)}


# At least this many messages each service's code holds: extraction that finds fewer is broken.
LEAST = {"portal": 20, "planner": 20, "ingest": 20, "transcode": 1, "spincore": 20}


@pytest.mark.parametrize("service", CATALOGUED)
def test_the_code_has_messages(extracted: dict[str, Messages], service: str) -> None:
    assert len(extracted[service]) >= LEAST[service]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("service", CATALOGUED)
def test_every_message_is_translated(
    extracted: dict[str, Messages], service: str, language: str
) -> None:
    translations = catalog(service, language)
    missing = [
        key
        for key in extracted[service]
        if not translations.get(key)
        or (isinstance(translations[key], tuple) and not all(translations[key]))  # type: ignore[arg-type]
    ]
    assert not missing, (
        f"{service} {language} lacks {len(missing)} messages (run make messages): {missing[:5]}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("service", CATALOGUED)
def test_translations_keep_the_placeholders(
    extracted: dict[str, Messages], service: str, language: str
) -> None:
    translations = catalog(service, language)
    for key, msgid in extracted[service].items():
        english = msgid[-1] if isinstance(msgid, tuple) else msgid
        translated = translations.get(key)
        forms = translated if isinstance(translated, tuple) else (translated,)
        wanted = set(PLACEHOLDER.findall(str(english)))
        # A singular may say "one" in words instead of the count.
        assert set(PLACEHOLDER.findall(str(forms[-1]))) == wanted, (service, language, key)
        assert all(set(PLACEHOLDER.findall(str(f))) <= wanted for f in forms), (language, key)
