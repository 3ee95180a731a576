"""Why footage or its clips could not be made, in the reader's language: the transcoder sends
a reason code and its values (stage, attempts, a short disk, lengths, the clips at fault),
never words to translate; an event without a code (older ones), or with a code newer than
this portal, keeps its English words."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from spin_portal.web.i18n import N_, _, ngettext, number

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
# Codes worded by one sentence of their own, whatever their values.
SENTENCES = {
    "not_ready": N_(
        "The footage has not finished processing yet; please ask for the clips again later."
    ),
    "not_a_video": N_("The file is not a video (no video stream was found)."),
    "sound_only": N_("The file has sound but no picture: it is not a video recording."),
    "still_image": N_("The file is a still image, not a video."),
    "text_document": N_("The file is a text document, not a video."),
    "incomplete": N_(
        "The file is incomplete or damaged: its index is missing, which happens when a "
        "recording or a copy is cut off. Please upload the complete recording again."
    ),
    "damaged": N_(
        "The file is damaged or is not a video (the video could not be read). "
        "Please check the file and upload it again."
    ),
    "undecodable": N_("The file is damaged: its video could not be decoded."),
    "empty": N_("The file is empty or cut off. Please upload the complete recording again."),
    "no_size": N_("The file is damaged: its length or picture size cannot be read."),
    "source_missing": N_("The uploaded file is no longer in storage, so it cannot be processed."),
    "footage_failed": N_("The footage could not be processed, so no clips can be cut from it."),
}
CONSENT_WITHDRAWN = {
    "footage": N_(
        "The family withdrew their consent to filming, so this footage is no longer "
        "processed and will be erased."
    ),
    "clips": N_(
        "The family withdrew their consent to filming, so no clips are cut from this "
        "footage and it will be erased."
    ),
}
# One sentence per problem of a requested clip: its number, start and end on the footage.
SEGMENT_FAULTS = {
    "repeated_id": N_("Clip %(number)s (%(start)s-%(end)s) repeats the id of an earlier clip."),
    "ends_before_start": N_("Clip %(number)s (%(start)s-%(end)s) ends before it starts."),
    "too_long": N_("Clip %(number)s (%(start)s-%(end)s) is longer than the %(limit)s allowed."),
    "ends_after_footage": N_(
        "Clip %(number)s (%(start)s-%(end)s) ends after the footage does (%(length)s)."
    ),
}


def _other_stage(n: int) -> str:
    return ngettext(
        "Processing stopped after %(num)s attempt while processing the video.",
        "Processing stopped after %(num)s attempts while processing the video.",
        n,
    )


def length(seconds: float, hundredths: bool = False) -> str:
    """Seconds as a clock ("1:05:09", "4:05", "0:04.50"), its decimals the locale's way."""
    total = max(round(seconds, 2) if hundredths else round(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    shown = number(secs, 2) if hundredths else str(int(secs))
    shown = f"0{shown}" if secs < 10 else shown
    if hours >= 1:
        return f"{int(hours)}:{int(minutes):02d}:{shown}"
    return f"{int(minutes)}:{shown}"


def _seconds(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _gave_up(failure: Mapping[str, Any]) -> str:
    attempts = int(failure.get("attempts") or 1)
    sentences = [STOPPED.get(str(failure.get("stage")), _other_stage)(attempts)]
    if failure.get("short_of_disk"):
        sentences.append(_("The processing server is short of disk space."))
    sentences.append(
        _("Please try again later; if it keeps failing, contact support with the details.")
    )
    return " ".join(sentences)


def _too_long(failure: Mapping[str, Any]) -> str | None:
    if failure.get("duration_s") is None or failure.get("limit_s") is None:
        return None
    return _(
        "The video is too long (%(length)s); the limit is %(limit)s. "
        "Please trim it and upload it again.",
        length=length(_seconds(failure["duration_s"])),
        limit=length(_seconds(failure["limit_s"])),
    )


def _segments(failure: Mapping[str, Any]) -> str | None:
    problems = failure.get("problems")
    if not problems or not isinstance(problems, list):
        return None
    sentences = []
    for problem in problems:
        fault = SEGMENT_FAULTS.get(str(problem.get("fault"))) if isinstance(problem, dict) else None
        if fault is None:
            return None  # a fault this portal cannot word: the English words say it
        sentences.append(
            _(
                fault,
                number=problem.get("clip"),
                start=length(_seconds(problem.get("start_s")), hundredths=True),
                end=length(_seconds(problem.get("end_s")), hundredths=True),
                limit=length(_seconds(failure.get("limit_s")), hundredths=True),
                length=length(_seconds(failure.get("duration_s")), hundredths=True),
            )
        )
    return " ".join(sentences)


def _consent_withdrawn(failure: Mapping[str, Any]) -> str:
    of = "clips" if failure.get("stage") == "clips" else "footage"
    return _(CONSENT_WITHDRAWN[of])


WORDED_BY_VALUES: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "gave_up": _gave_up,
    "too_long": _too_long,
    "segments_refused": _segments,
    "consent_withdrawn": _consent_withdrawn,
}


def failure_words(failure: Mapping[str, Any] | None, english: str | None) -> str | None:
    """The failure (code and values) in the page's language, else the event's English words."""
    code = str(failure.get("code")) if failure else None
    if failure is None or code is None:
        return english
    if code in SENTENCES:
        return _(SENTENCES[code])
    worded = WORDED_BY_VALUES.get(code)
    return (worded(failure) if worded else None) or english
