"""The stack's Kafka takes no client without credentials, and a service's own principal may
write only its topics and join only its consumer groups (ACLs from `spincore.kafka_access`).

These tests speak to the stack's own topics (no prefix), as the service would: every write they
try is one the broker refuses, so nothing lands there.
"""

from __future__ import annotations

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    TopicAuthorizationFailedError,
)
from spin_contracts.topics import Topic, topic_name
from spincore.kafka_connection import KafkaConnection

from tests.support.servers import Endpoints, service_kafka_credentials

pytestmark = pytest.mark.integration


@pytest.fixture
def stack_kafka(servers: Endpoints) -> KafkaConnection:
    if servers.source != "infra" or not servers.kafka.authenticated:
        pytest.skip("needs the broker of infra/, with its principals")
    return servers.kafka


def as_service(kafka: KafkaConnection, service: str) -> KafkaConnection:
    return kafka.as_user(*service_kafka_credentials(service))


async def test_ingest_cannot_publish_a_consent(stack_kafka: KafkaConnection) -> None:
    producer = AIOKafkaProducer(
        **as_service(stack_kafka, "ingest").client_options(), enable_idempotence=True
    )
    await producer.start()
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await producer.send_and_wait(topic_name(Topic.CONSENT), b"consent.granted, forged")
    finally:
        await producer.stop()


async def test_the_portal_cannot_publish_footage_events(stack_kafka: KafkaConnection) -> None:
    producer = AIOKafkaProducer(**as_service(stack_kafka, "portal").client_options())
    await producer.start()
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            await producer.send_and_wait(topic_name(Topic.FOOTAGE), b"footage.uploaded, forged")
    finally:
        await producer.stop()


async def test_a_service_reads_what_it_consumes_and_sees_nothing_else(
    stack_kafka: KafkaConnection,
) -> None:
    admin = AIOKafkaAdminClient(**as_service(stack_kafka, "ingest").client_options())
    await admin.start()
    try:
        visible = set(await admin.list_topics())
    finally:
        await admin.close()
    assert {topic_name(Topic.CONSENT), topic_name(Topic.DIRECTORY)} <= visible
    assert topic_name(Topic.PLANNER) not in visible
    assert topic_name(Topic.FOOTAGE_PROGRESS) not in visible


async def test_a_service_cannot_join_another_services_consumer_group(
    stack_kafka: KafkaConnection,
) -> None:
    consumer = AIOKafkaConsumer(
        topic_name(Topic.FOOTAGE),
        **as_service(stack_kafka, "transcode").client_options(),
        group_id="planner",
        enable_auto_commit=False,
    )
    try:
        with pytest.raises(GroupAuthorizationFailedError):
            await consumer.start()
    finally:
        await consumer.stop()


async def test_no_client_gets_in_without_credentials(stack_kafka: KafkaConnection) -> None:
    anonymous = KafkaConnection(stack_kafka.bootstrap)
    producer = AIOKafkaProducer(**anonymous.client_options(), request_timeout_ms=5000)
    with pytest.raises(KafkaConnectionError):
        await producer.start()
    await producer.stop()


async def test_a_wrong_password_is_refused(stack_kafka: KafkaConnection) -> None:
    wrong = stack_kafka.as_user("planner", "not-the-password")
    producer = AIOKafkaProducer(**wrong.client_options(), request_timeout_ms=5000)
    with pytest.raises(KafkaError):
        await producer.start()
    await producer.stop()
