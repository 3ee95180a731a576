"""Kafka's ACLs follow the contracts: each event type has one producer, and a topic may be
written only by the producers of the events it carries."""

from __future__ import annotations

from pathlib import Path

from spin_contracts.events import registered_events
from spin_contracts.topics import Topic
from spin_ingest.service import consent, directory, revocations
from spin_transcode import bootstrap as transcode_bootstrap
from spin_transcode.service import lifecycle
from spincore.kafka_access import (
    GROUPS,
    PRODUCERS,
    READS,
    Grant,
    Service,
    acl_lines,
    grants,
    writes,
)

ROOT = Path(__file__).resolve().parents[3]


def writers(topic: Topic) -> set[Service]:
    return {service for service in Service if topic in writes(service)}


def test_every_event_type_has_exactly_the_one_producer_the_map_names() -> None:
    assert set(PRODUCERS) == {event.event_type for event in registered_events()}


def test_only_the_planner_writes_consents_and_the_planner_topic() -> None:
    assert writers(Topic.CONSENT) == {Service.PLANNER}
    assert writers(Topic.PLANNER) == {Service.PLANNER}


def test_shared_topics_are_written_by_each_producer_of_their_events() -> None:
    assert writers(Topic.FOOTAGE) == {Service.INGEST, Service.TRANSCODE}
    assert writers(Topic.FOOTAGE_PROGRESS) == {Service.TRANSCODE}
    assert writers(Topic.CLIPS) == {Service.PLANNER, Service.TRANSCODE}
    assert writers(Topic.DIRECTORY) == {Service.PLANNER, Service.PORTAL}
    assert writers(Topic.DEAD_LETTER) == set(Service)  # every service consumes


def test_a_service_reads_only_what_it_consumes() -> None:
    assert READS[Service.INGEST] == {Topic.CONSENT, Topic.DIRECTORY}
    assert Topic.DEAD_LETTER in READS[Service.PORTAL]
    assert not any(Topic.DEAD_LETTER in READS[s] for s in Service if s is not Service.PORTAL)


def test_grants_carry_the_topic_prefix_and_name_the_services_groups() -> None:
    ingest = grants(Service.INGEST, prefix="acme.")
    assert Grant("TOPIC", "acme.spin.footage.v1", "WRITE") in ingest
    assert Grant("TOPIC", "acme.spin.consent.v1", "WRITE") not in ingest
    assert Grant("GROUP", "acme.ingest-consent", "READ") in ingest


def test_the_groups_are_the_ones_the_services_consume_in() -> None:
    ingest_groups = {consent.CONSUMER, revocations.CONSUMER, directory.CONSUMER}
    assert ingest_groups == set(GROUPS[Service.INGEST])
    assert {transcode_bootstrap.CONSUMER, lifecycle.CONSUMER} == set(GROUPS[Service.TRANSCODE])


def test_compose_applies_the_current_acls() -> None:
    committed = (ROOT / "infra" / "kafka" / "acls.txt").read_text().splitlines()
    assert committed == acl_lines(), (
        "run: python -m spincore.kafka_access acls > infra/kafka/acls.txt"
    )
