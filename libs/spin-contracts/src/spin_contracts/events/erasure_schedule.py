"""When footage is due to be erased, so that people see it coming (the pipeline page lists the
upcoming erasures of an agency). Published by the footage lifecycle (transcode) whenever the
rules set or bring forward a due time; `footage.erased` follows once it is done."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import ConfigDict

from spin_contracts.events.envelope import register
from spin_contracts.events.footage import ErasureReason, ErasureScope, _FootageEvent


@register
class FootageErasureScheduled(_FootageEvent):
    """`scope` of the footage is due to be erased at `due_at` because of `reason` (a legal hold
    on the case postpones it; an earlier due time for the same scope replaces this one)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "footage_id": "3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
                    "case_code": "US-BOS-0042",
                    "scope": "raw",
                    "reason": "raw_retention",
                    "due_at": "2026-06-10T14:30:00Z",
                }
            ]
        }
    )
    event_type: ClassVar[str] = "footage.erasure_scheduled"
    scope: ErasureScope
    reason: ErasureReason
    due_at: datetime
