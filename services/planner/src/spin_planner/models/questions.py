"""Helping questions: the parent's own words, goals and status."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import AwareDatetime, Field
from spin_contracts.events.planner import HelpingQuestionStatus

from spin_planner.models import Body, View


class NewHelpingQuestion(Body):
    words: str = Field(
        min_length=3, max_length=2000, description="the parent's own words; never leaves here"
    )
    goals: list[str] = Field(default_factory=list, max_length=10)
    recorded_at: AwareDatetime


class HelpingQuestionEdit(Body):
    words: str | None = Field(default=None, min_length=3, max_length=2000)
    goals: list[str] | None = Field(default=None, max_length=10)
    status: HelpingQuestionStatus | None = None


class HelpingQuestionView(View):
    id: UUID
    case_id: UUID
    words: str
    goals: list[str]
    status: HelpingQuestionStatus
    recorded_at: datetime
    version: int
