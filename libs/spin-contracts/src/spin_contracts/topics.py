"""The one registry of Kafka topics. Topics are created from it, idempotently, at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

FOREVER = -1
DAY_MS = 24 * 3600 * 1000


class Topic(StrEnum):
    CONSENT = "spin.consent.v1"
    DIRECTORY = "spin.directory.v1"
    PLANNER = "spin.planner.v1"
    FOOTAGE = "spin.footage.v1"
    FOOTAGE_PROGRESS = "spin.footage-progress.v1"
    CLIPS = "spin.clips.v1"
    DEAD_LETTER = "spin.deadletter.v1"
    OUTBOX_PROGRESS = "spin.outbox-progress.v1"


@dataclass(frozen=True)
class TopicSpec:
    topic: Topic
    partitions: int
    key: str
    retention_ms: int
    cleanup_policy: str
    purpose: str

    def name(self, prefix: str = "") -> str:
        return f"{prefix}{self.topic.value}"

    def config(self) -> dict[str, str]:
        return {"retention.ms": str(self.retention_ms), "cleanup.policy": self.cleanup_policy}


TOPICS: dict[Topic, TopicSpec] = {
    spec.topic: spec
    for spec in (
        TopicSpec(
            Topic.CONSENT,
            3,
            "case_code",
            FOREVER,
            "delete",
            "consent.granted / consent.withdrawn per case and purpose",
        ),
        TopicSpec(
            Topic.DIRECTORY,
            3,
            "entity id",
            FOREVER,
            "delete",
            "institutes, agencies, sites, practitioners",
        ),
        TopicSpec(
            Topic.PLANNER,
            6,
            "case_id (practitioner_id for supervision)",
            FOREVER,
            "delete",
            "cases, helping questions, sessions, moments, feedback plans",
        ),
        TopicSpec(
            Topic.FOOTAGE,
            6,
            "footage_id",
            FOREVER,
            "delete",
            "footage.uploaded, footage.transcoded, footage.failed",
        ),
        TopicSpec(
            Topic.FOOTAGE_PROGRESS,
            3,
            "footage_id",
            DAY_MS,
            "delete",
            "throttled footage.transcode_progress for screens",
        ),
        TopicSpec(
            Topic.CLIPS,
            3,
            "footage_id",
            FOREVER,
            "delete",
            "clip.requested, clip.progress, clip.rendered, clip.failed",
        ),
        TopicSpec(
            Topic.DEAD_LETTER,
            1,
            "source topic",
            30 * DAY_MS,
            "delete",
            "events no consumer could read or handle, with the reason",
        ),
        TopicSpec(
            Topic.OUTBOX_PROGRESS,
            1,
            "the relay's transactional id",
            FOREVER,
            "compact",
            "per outbox relay, the outbox ids its last Kafka transaction carried",
        ),
    )
}


def topic_name(topic: Topic, prefix: str = "") -> str:
    return TOPICS[topic].name(prefix)
