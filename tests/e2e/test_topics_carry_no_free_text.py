"""After the e2e flows (this module runs last, see `conftest.pytest_collection_modifyitems`):
every message on every `spin.*` topic of the stack, read from the beginning, and every object
key in the footage bucket carry none of the words the flows typed: helping questions, notes,
reflections, homework, comments, plan questions, hold reasons, reel titles, the family's
names.

The words are listed here, and each must still appear in the e2e sources (a flow that changes
what it types makes this list fail instead of silently scanning for nothing)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer

from tests.e2e.conftest import Stack
from tests.e2e.flows import minio
from tests.support.servers import kafka_of

pytestmark = pytest.mark.e2e
E2E = Path(__file__).parent
TYPED = (
    # test_vig_cycle: the family's names, helping question, moment note, reel title, homework,
    # reflection
    "Marieke Jansen",
    "Sanne Jansen",
    "How can I help her calm down at bedtime?",
    "she follows his gaze and names what he sees",
    "Bedtime",
    "Name what he looks at, once a day at bedtime",
    "I did not know I already do that",
    # workspace flows: helping question, plan questions, reflection, homework, comments, hold
    "How do I help him settle when he is upset?",
    "What did you do there?",
    "How did he react?",
    "What would you try next?",
    "I waited and he came to me.",
    "Wait for him to start, every evening at bath time.",
    "Look how she waits for his turn here",
    "I saw it too, I will keep waiting",
    "Court order 2026/114: keep the footage until the appeal is decided",
)
# Object keys are built from ids, codes and fixed names only.
KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]*$")
SHORT = 16  # shorter words are looked for as a whole JSON string ("Bedtime"), not inside others


def _needles() -> list[tuple[str, bytes]]:
    return [
        (words, words.encode() if len(words) >= SHORT else json.dumps(words).encode())
        for words in TYPED
    ]


def test_the_scanned_words_are_what_the_flows_type() -> None:
    sources = "".join(path.read_text(encoding="utf-8") for path in E2E.rglob("*.py"))
    sources = sources.replace(Path(__file__).read_text(encoding="utf-8"), "")
    missing = [words for words in TYPED if words not in sources]
    assert missing == [], f"the e2e flows no longer type: {missing}"


async def _topics(stack: Stack) -> list[str]:
    consumer = AIOKafkaConsumer(**kafka_of(stack.env).client_options())
    await consumer.start()
    try:
        return sorted(t for t in await consumer.topics() if t.startswith("spin."))
    finally:
        await consumer.stop()


async def _every_message(stack: Stack, timeout_s: float = 120) -> dict[str, list[bytes]]:
    """Key and value of every message of every spin.* topic, by topic."""
    topics = await _topics(stack)
    consumer = AIOKafkaConsumer(
        *topics,
        **kafka_of(stack.env).client_options(),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout_s
        while not consumer.assignment():
            assert time.monotonic() < deadline, "no partition assigned"
            await consumer.getmany(timeout_ms=200)
        partitions = consumer.assignment()
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(list(partitions))
        found: dict[str, list[bytes]] = {topic: [] for topic in topics}
        pending = {tp for tp in partitions if ends[tp] > 0}
        while pending:
            assert time.monotonic() < deadline, f"topics not read to their end: {pending}"
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            for tp, records in batch.items():
                found[tp.topic] += [r.key or b"" for r in records]
                found[tp.topic] += [r.value or b"" for r in records]
            pending = {tp for tp in pending if await consumer.position(tp) < ends[tp]}
        return found
    finally:
        await consumer.stop()


async def test_no_topic_carries_words_the_flows_typed(stack: Stack) -> None:
    messages = await _every_message(stack)
    assert messages.get("spin.planner.v1"), "the flows ran first and published"
    leaks = [
        (topic, words)
        for topic, values in messages.items()
        for words, needle in _needles()
        if any(needle in value for value in values)
    ]
    assert leaks == []


def test_no_object_key_carries_words(stack: Stack) -> None:
    s3 = minio(stack)
    bucket = stack.env.get("SPIN_S3_BUCKET", "spin-footage")
    keys = [item.object_name or "" for item in s3.list_objects(bucket, recursive=True)]
    assert keys, "the flows stored footage first"
    assert [key for key in keys if not KEY.match(key)] == []
    lowered = [key.lower() for key in keys]
    words = {w.lower() for phrase in TYPED for w in re.findall(r"[A-Za-z]{6,}", phrase)}
    words -= {"footage"}  # the bucket's own word, not the hold reason's
    assert sorted({w for w in words for key in lowered if w in key}) == []
