"""Why footage or its clips could not be made, in the reader's language: the transcoder sends
a reason code and its values (stage, attempts, a short disk), never words to translate; an
event without a code (older ones, files refused as they are) keeps its English words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from spin_portal.web.i18n import _, ngettext

Stopped = Callable[[int], str]
# Each stage's whole sentence, by the number of attempts.
STOPPED: dict[str, Stopped] = {
    "source": lambda n: ngettext(
        "Processing stopped after %(num)s attempt while reading the uploaded file from storage.",
        "Processing stopped after %(num)s attempts while reading the uploaded file from storage.",
        n,
    ),
    "probe": lambda n: ngettext(
        "Processing stopped after %(num)s attempt while examining the video.",
        "Processing stopped after %(num)s attempts while examining the video.",
        n,
    ),
    "transcode": lambda n: ngettext(
        "Processing stopped after %(num)s attempt while converting the video.",
        "Processing stopped after %(num)s attempts while converting the video.",
        n,
    ),
    "upload": lambda n: ngettext(
        "Processing stopped after %(num)s attempt while saving the converted video.",
        "Processing stopped after %(num)s attempts while saving the converted video.",
        n,
    ),
    "clips": lambda n: ngettext(
        "Processing stopped after %(num)s attempt while cutting the clips.",
        "Processing stopped after %(num)s attempts while cutting the clips.",
        n,
    ),
}


def _other_stage(n: int) -> str:
    return ngettext(
        "Processing stopped after %(num)s attempt while processing the video.",
        "Processing stopped after %(num)s attempts while processing the video.",
        n,
    )


def _gave_up(failure: Mapping[str, Any]) -> str:
    attempts = int(failure.get("attempts") or 1)
    sentences = [STOPPED.get(str(failure.get("stage")), _other_stage)(attempts)]
    if failure.get("short_of_disk"):
        sentences.append(_("The processing server is short of disk space."))
    sentences.append(
        _("Please try again later; if it keeps failing, contact support with the details.")
    )
    return " ".join(sentences)


def failure_words(failure: Mapping[str, Any] | None, english: str | None) -> str | None:
    """The failure (code and values) in the page's language, else the event's English words."""
    code = failure.get("code") if failure else None
    if failure and code == "gave_up":
        return _gave_up(failure)
    if code == "not_ready":
        return _(
            "The footage has not finished processing yet; please ask for the clips again later."
        )
    return english
