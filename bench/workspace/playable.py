"""From an upload's last byte to a playable player page, against the bare ffmpeg CLI.

The pipeline: the last PATCH answered by ingest -> footage.uploaded -> transcode (the running
stack's workers) -> footage.transcoded -> planner -> the portal's footage status says ready
-> the player page answers 200. The bare ffmpeg CLI makes the same outputs (renditions,
poster, sprite) from the same local file with the command line the service builds.
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

from aiokafka import AIOKafkaConsumer
from spin_contracts.events import decode
from spin_contracts.topics import Topic, topic_name
from spin_transcode.adapters import ffmpeg
from spin_transcode.domain.failures import Refusal
from spin_transcode.domain.plan import TranscodePlan, plan_transcode
from spin_transcode.domain.probe import assess
from spin_transcode.settings import TranscodeSettings

from bench.transcode import generated_source
from bench.workspace import tus
from bench.workspace.seed import Cohort, open_cases
from bench.workspace.stack import BenchError, Stack, logged_in
from tests.support.servers import kafka_of

POLL_S = 0.25
PLAYABLE_WAIT_S = 1800.0


@dataclass(frozen=True)
class Playable:
    size_bytes: int
    upload_s: float  # tus create to the last PATCH answered
    transcoded_s: float | None  # last byte to footage.transcoded on Kafka
    ready_s: float  # last byte to the footage status saying ready
    playable_s: float  # last byte to the player page answering 200
    ffmpeg_s: float

    @property
    def ratio(self) -> float:
        return self.playable_s / self.ffmpeg_s


def outputs(plan: TranscodePlan, folder: Path) -> dict[str, Path]:
    files = {rung.name: folder / f"{rung.name}.mp4" for rung in plan.rungs}
    return files | {"poster": folder / "poster.jpg", "sprite": folder / "sprite.jpg"}


async def ffmpeg_seconds(stack: Stack, source: Path) -> float:
    """The bare CLI with the command line the service's settings make for this source."""
    settings = TranscodeSettings(_env_file=stack.env_file)
    probed = assess(await ffmpeg.probe(str(source)), settings.transcode_max_duration_s)
    if isinstance(probed, Refusal):
        raise BenchError(f"the transcoder would refuse the source: {probed}")
    plan = plan_transcode(probed, settings.ladder())
    encoding = ffmpeg.Encoding(
        settings.transcode_preset,
        settings.transcode_crf,
        settings.ffmpeg_threads(probed.duration_s),  # as the service runs this source
    )
    print(
        f"ffmpeg as the service runs it: {', '.join(r.name for r in plan.rungs)}, poster, "
        f"sprite; preset {encoding.preset}, {encoding.threads} thread(s) per job"
    )
    with tempfile.TemporaryDirectory(prefix="bench-workspace-") as folder:
        commands = ffmpeg.web_outputs_commands(
            str(source), plan, encoding, outputs(plan, Path(folder))
        )
        started = time.perf_counter()
        for args in commands:
            await asyncio.to_thread(subprocess.run, args, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


class Outcomes:
    """When each footage.transcoded of the stack's footage topic went by (perf_counter), to
    tell the transcoder's share from the planner's and the portal's."""

    def __init__(self, stack: Stack) -> None:
        prefix = stack.env.get("SPIN_TOPIC_PREFIX", "")
        self.consumer = AIOKafkaConsumer(
            topic_name(Topic.FOOTAGE, prefix),
            **kafka_of(stack.env).client_options(),
            auto_offset_reset="latest",
        )
        self.seen: dict[str, float] = {}

    async def watch(self) -> None:
        async for record in self.consumer:
            if b"footage.transcoded" not in (record.value or b""):
                continue  # most of the topic: decoding it all would cost the machine's CPU
            envelope, event = decode(record.value or b"")
            if envelope.event_type == "footage.transcoded":
                self.seen[str(getattr(event, "footage_id", ""))] = time.perf_counter()


async def last_byte_to_playable(stack: Stack, cohort: Cohort, source: Path) -> Playable:
    """One upload into a fresh case of the first practitioner, watched through the portal."""
    who = cohort.practitioners[0]
    await open_cases(stack, cohort, who, [f"T{uuid4().hex[:4].upper()}"], asyncio.Semaphore(1))
    case = who.cases.pop()  # the reused cohort keeps its cases as they were
    portal, outcomes = await logged_in(who.username, who.password), Outcomes(stack)
    await outcomes.consumer.start()
    watching = asyncio.create_task(outcomes.watch())
    try:
        ticket = await tus.upload_token(portal, case.case_id, case.session_id)
        created = time.perf_counter()
        last_byte = await tus.send(ticket, await tus.create(ticket, source), source)
        player = await tus.wait_ready(portal, case.case_id, PLAYABLE_WAIT_S, every_s=POLL_S)
        ready = time.perf_counter()
        deadline = ready + 60
        while (answer := await portal.get(player)).status_code != 200:
            if time.perf_counter() > deadline:
                raise BenchError(f"the player page stays {answer.status_code}: {answer.text}")
            await asyncio.sleep(POLL_S)
        playable = time.perf_counter()
    finally:
        watching.cancel()
        await outcomes.consumer.stop()
        await portal.aclose()
    transcoded = outcomes.seen.get(player.rsplit("/", 1)[1])
    return Playable(
        size_bytes=(await asyncio.to_thread(source.stat)).st_size,
        upload_s=last_byte - created,
        transcoded_s=transcoded - last_byte if transcoded else None,
        ready_s=ready - last_byte,
        playable_s=playable - last_byte,
        ffmpeg_s=await ffmpeg_seconds(stack, source),
    )


async def measure(stack: Stack, cohort: Cohort, minutes: float, height: int) -> Playable:
    source = await asyncio.to_thread(generated_source, minutes, height)
    result = await last_byte_to_playable(stack, cohort, source)
    transcoded = f"{result.transcoded_s:.1f} s" if result.transcoded_s else "not seen"
    print(
        f"upload {result.size_bytes / 2**20:.0f} MiB ({minutes:g} min {height}p) over tus in "
        f"{result.upload_s:.1f} s; after its last byte: footage.transcoded on Kafka after "
        f"{transcoded}, ready in the portal's footage status after {result.ready_s:.1f} s, "
        f"player page 200 after {result.playable_s:.1f} s"
    )
    print(
        f"bare ffmpeg CLI, same outputs from the local file: {result.ffmpeg_s:.1f} s; "
        f"ratio {result.ratio:.3f} (target <= 1.2)"
    )
    return result
