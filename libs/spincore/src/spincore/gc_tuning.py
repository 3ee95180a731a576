"""The garbage collector's settings for a long-running service process."""

from __future__ import annotations

import gc


def settle_gc() -> None:
    """Set the garbage collector up for a long-running process, once it has built what lives
    as long as it does (modules, the app).

    Those objects, frozen, stay out of the collector's full passes. The young generation's
    threshold counts objects allocated and still alive since the last pass, so it must exceed
    what a batch of events keeps alive while it is decoded and written: below that, passes run
    again and again over the same live batch and promote it into older generations that are
    swept too. What it was measured to cost and save: docs/performance.md, "Settings".
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(200_000, 10, 10)
