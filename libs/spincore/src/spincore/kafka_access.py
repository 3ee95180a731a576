"""Who may do what on Kafka: each service's principal writes only the topics of the events it
produces, reads only the topics it consumes, and joins only its own consumer groups.

The producer of each event type is the contracts' (one producer per event type); the topics it
writes follow from the events' registered topics. Kafka authorises per topic, not per event type:
where one topic carries events of several producers (footage: ingest's uploads and transcode's
results; directory: the planner's registrations and the portal's token revocations; clips: the
planner's requests and transcode's renders), each of them may write that topic. `infra/`
applies these grants with Kafka's StandardAuthorizer (`python -m spincore.kafka_access acls`).
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from enum import StrEnum

from spin_contracts.events import registered_events
from spin_contracts.topics import TOPICS, Topic, TopicSpec, topic_name

from spincore.settings import ServiceSettings


class Service(StrEnum):
    INGEST = "ingest"
    TRANSCODE = "transcode"
    PLANNER = "planner"
    PORTAL = "portal"


_PLANNER_EVENTS = (
    "case.opened case.updated case.closed helping_question.recorded helping_question.updated "
    "session.recorded moment.marked moment.revised moment.removed feedback_plan.prepared "
    "feedback_plan.revised supervision.recorded consent.granted consent.withdrawn "
    "institute.registered agency.registered agency.downloads_changed site.registered "
    "practitioner.registered "
    "clip.requested legal_hold.placed legal_hold.lifted coaching_comment.posted "
    "agreement.computed feedback_plan.prepared_offline feedback_plan.offline_copy_deleted "
    "clip.marked_for_training"
)
_TRANSCODE_EVENTS = (
    "footage.transcoded footage.failed footage.erased footage.transcode_progress "
    "clip.progress clip.rendered clip.failed footage.erasure_scheduled"
)
PRODUCERS: dict[str, Service] = {
    **dict.fromkeys(_PLANNER_EVENTS.split(), Service.PLANNER),
    **dict.fromkeys(_TRANSCODE_EVENTS.split(), Service.TRANSCODE),
    **dict.fromkeys(("footage.upload_started", "footage.uploaded"), Service.INGEST),
    "upload_token.revoked": Service.PORTAL,
}

READS: dict[Service, frozenset[Topic]] = {
    Service.INGEST: frozenset({Topic.CONSENT, Topic.DIRECTORY}),
    Service.TRANSCODE: frozenset({Topic.FOOTAGE, Topic.CLIPS, Topic.CONSENT, Topic.PLANNER}),
    Service.PLANNER: frozenset({Topic.FOOTAGE, Topic.FOOTAGE_PROGRESS, Topic.CLIPS}),
    Service.PORTAL: frozenset(
        {Topic.DIRECTORY, Topic.PLANNER, Topic.CONSENT, Topic.FOOTAGE, Topic.DEAD_LETTER}
    ),
}

# Consumer groups (Faust app ids and `GroupConsumer` names), before the topic prefix.
GROUPS: dict[Service, tuple[str, ...]] = {
    Service.INGEST: ("ingest-consent", "ingest-revocations", "ingest-directory"),
    Service.TRANSCODE: ("transcode", "transcode-lifecycle"),
    Service.PLANNER: ("planner",),
    Service.PORTAL: ("portal-read-model",),
}


@dataclass(frozen=True, order=True)
class Grant:
    """One ACL: allow the service's principal `operation` on a literal topic or group."""

    resource: str  # TOPIC, GROUP or TRANSACTIONAL_ID
    name: str
    operation: str  # WRITE or READ (each implies DESCRIBE)


def writes(service: Service) -> frozenset[Topic]:
    """The topics of the events `service` produces, the dead-letter topic (it consumes) and
    its outbox relay's progress topic."""
    produced = {
        Topic(event.topic)
        for event in registered_events()
        if PRODUCERS[event.event_type] is service
    }
    return frozenset({*produced, Topic.DEAD_LETTER, Topic.OUTBOX_PROGRESS})


def topics_used(settings: ServiceSettings) -> list[TopicSpec]:
    """The topics a service creates when missing: those it may use (its principal sees no
    other); every topic for a process this map does not know (tools, tests)."""
    if settings.service_name not in Service.__members__.values():
        return list(TOPICS.values())
    service = Service(settings.service_name)
    return [TOPICS[topic] for topic in sorted(writes(service) | READS[service])]


def relay_transactional_id(service_name: str, prefix: str = "") -> str:
    """The transactional id of a service's outbox relay: one for all its processes, so a new
    lead fences the previous one."""
    return f"{prefix}{service_name}-outbox-relay"


def grants(service: Service, prefix: str = "") -> list[Grant]:
    return sorted(
        [Grant("TOPIC", topic_name(t, prefix), "WRITE") for t in writes(service)]
        + [
            Grant("TOPIC", topic_name(t, prefix), "READ")
            for t in READS[service] | {Topic.OUTBOX_PROGRESS}
        ]
        + [Grant("TRANSACTIONAL_ID", relay_transactional_id(service, prefix), "WRITE")]
        + [Grant("GROUP", f"{prefix}{group}", "READ") for group in GROUPS[service]]
    )


def acl_lines(prefix: str = "") -> list[str]:
    """The plan infra/kafka/Provision.java applies: `acl <principal> <resource> <name> <op>`."""
    return [
        f"acl User:{service} {g.resource} {g.name} {g.operation}"
        for service in Service
        for g in grants(service, prefix)
    ]


async def _create_topics() -> None:
    # Imported here: printing the plan needs no Kafka client.
    from spincore.kafka import Replication, create_topics  # noqa: PLC0415

    settings = ServiceSettings()
    await create_topics(
        settings.kafka, settings.topic_prefix, TOPICS.values(), Replication.of(settings)
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m spincore.kafka_access")
    parser.add_argument("command", choices=["acls", "topics"])
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    if args.command == "acls":
        print("\n".join(acl_lines(args.prefix)))
    else:
        asyncio.run(_create_topics())  # as the admin principal of SPIN_KAFKA_*


if __name__ == "__main__":
    main()
