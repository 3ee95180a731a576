"""How far the transcoder is with a clip request, for the plan page's progress bar: published
as each clip is cut, on the clips topic (ordered with the request's clip.rendered)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ConfigDict, Field

from spin_contracts.events.envelope import register
from spin_contracts.events.footage import _ClipEvent


@register
class ClipProgress(_ClipEvent):
    """`clips_done` of the request's `clips_total` clips are cut (the reel, if asked for, is
    joined after the last one). Counts only: never more than the request said."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "request_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    "footage_id": "3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
                    "case_code": "US-BOS-0042",
                    "clips_done": 2,
                    "clips_total": 5,
                }
            ]
        }
    )
    event_type: ClassVar[str] = "clip.progress"
    clips_done: int = Field(ge=0)
    clips_total: int = Field(ge=1)
