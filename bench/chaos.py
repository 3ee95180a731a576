"""`make chaos`: a seeded workload against the running stack while processes are killed by pid.

Tus uploads from several sites (a resuming client that retries), cases opened by many
practitioners (retried until answered), the transcodes the uploads cause, clip renders (the
review's "make clips" through the planner); meanwhile, at moments the seed picks: the Kafka
broker leading the busiest partition killed (SIGKILL; restarted after a while), a transcode
worker killed mid-job, ingest killed mid-upload, the portal killed, PostgreSQL restarted, a
MinIO drive folder removed, then all of MinIO killed and started again. With `--rolling`, the
faults are instead a rolling restart of every service (SIGTERM, one after another). Afterwards
it checks from the outside and prints a table: each completed upload's object has the source's
sha256; each 201 write is in the planner and its event on its topic once; each clip request
rendered once; no event id twice; no footage left without an outcome; the portal's read model
equals a fresh rebuild. The retries the clients made (5xx, connection errors) are shown. Run it
on a cluster stack (`KAFKA_BROKERS=3 MINIO_DRIVES=4 make up`); on one broker the broker kill is
skipped. The result is also written to var/bench/chaos-<faults|rolling>.json.

    uv run python -m bench.chaos [--seed N] [--rolling] [--uploads 8] [--writes 120]
                                 [--practitioners 12] [--reviews 3]

Last line: chaos_lost=<n> chaos_dupes=<n>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from minio import Minio
from spin_contracts.claims import Role
from spin_contracts.events import Tenant
from spin_contracts.topics import Topic, topic_name
from spincore.auth import TokenIssuer
from spincore.kafka_connection import KafkaConnection

from bench import chaos_checks as checks
from bench import chaos_faults as faults
from bench.chaos_clips import Review, run_review
from bench.chaos_readmodel import read_model_rows
from bench.chaos_rolling import rolling_restart
from bench.chaos_work import (
    Tally,
    Write,
    announce_consents,
    case_body,
    make_uploads,
    open_case,
    seed_directory,
    tus_upload,
)
from tests.support.servers import LOCAL_ENV, ROOT, kafka_of, service_url

PLANNER_CLIENTS = 4
RESULTS = ROOT / "var" / "bench"
FAULTS = (
    "kafka broker",
    "transcode worker",
    "ingest",
    "portal",
    "postgresql restart",
    "minio drive",
    "minio restart",  # always after the drive loss: all of MinIO, by pid
)
BUSY_TOPICS = (Topic.FOOTAGE, Topic.PLANNER, Topic.CLIPS)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.chaos")
    parser.add_argument("--seed", type=int, default=None, help="replay a run (printed first)")
    parser.add_argument("--uploads", type=int, default=8)
    parser.add_argument("--writes", type=int, default=120)
    parser.add_argument("--practitioners", type=int, default=12)
    parser.add_argument("--sites", type=int, default=3)
    parser.add_argument("--reviews", type=int, default=3, help="clip renders (make clips)")
    parser.add_argument("--rolling", action="store_true", help="a rolling restart, no kills")
    parser.add_argument("--window", type=float, default=40.0, help="seconds the faults spread over")
    return parser.parse_args()


def local_env() -> dict[str, str]:
    return dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)


def brokers(env: dict[str, str]) -> int:
    return len(env["SPIN_KAFKA_BOOTSTRAP"].split(","))


def fault_order(rng: random.Random) -> list[str]:
    """The faults in a seeded order, the full MinIO restart moved right after the drive loss."""
    order = [f for f in rng.sample(FAULTS, len(FAULTS)) if f != "minio restart"]
    order.insert(order.index("minio drive") + 1, "minio restart")
    return order


async def kill_busiest_leader(kafka: KafkaConnection, brokers: int) -> str:
    topic, partition, node = await faults.busiest_partition(
        kafka, [topic_name(t) for t in BUSY_TOPICS]
    )
    why = f"the leader of the busiest partition {topic}[{partition}]"
    return await asyncio.to_thread(faults.kill_broker, brokers, node, why)


async def kill_ingest_mid_upload(
    tally: Tally, wait_s: float, log: list[str], started: float
) -> None:
    """Ingest killed once an upload has some bytes sent and the rest not yet (waiting up to
    `wait_s` for one, beside the other faults); else killed anyway, and the log says so."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(tally.some_part_sent.wait(), wait_s)
    cut = len(tally.part_sent)
    said = await asyncio.to_thread(faults.kill_service, "ingest")
    said = f"{said}, {cut} upload(s) part-sent" if cut else f"{said}, no upload in flight"
    log.append(f"{time.monotonic() - started:5.1f}s {said}")


async def inject(
    rng: random.Random,
    window: float,
    topology: tuple[int, int, KafkaConnection],
    log: list[str],
    tally: Tally,
) -> None:
    """Each fault once, in a seeded order at seeded moments within `window` seconds; then the
    killed broker and the lost drive are put back."""
    broker_count, drives, kafka = topology
    order = fault_order(rng)
    moments = sorted(rng.uniform(2, window) for _ in order)
    started = time.monotonic()
    cutting: list[asyncio.Task[None]] = []  # ingest's kill waits for an upload in flight
    actions: dict[str, Callable[[], str]] = {
        "transcode worker": lambda: faults.kill_transcode_mid_job(20.0),
        "portal": lambda: faults.kill_service("portal"),
        "postgresql restart": faults.restart_postgres,
        "minio drive": lambda: faults.lose_minio_drive(drives, rng.choice),
        "minio restart": faults.restart_minio,
    }
    for fault, moment in zip(order, moments, strict=True):
        await asyncio.sleep(max(0.0, moment - (time.monotonic() - started)))
        if fault == "kafka broker" and broker_count < 3:
            log.append(f"{moment:5.1f}s skipped the broker kill: one broker only")
            continue
        if fault == "kafka broker":
            said = await kill_busiest_leader(kafka, broker_count)
        elif fault == "ingest":
            cutting.append(asyncio.create_task(kill_ingest_mid_upload(tally, window, log, started)))
            continue
        else:
            said = await asyncio.to_thread(actions[fault])
        log.append(f"{time.monotonic() - started:5.1f}s {said}")
    await asyncio.gather(*cutting)
    await asyncio.sleep(10)  # what was killed stays down a while under load
    log.append(f"{time.monotonic() - started:5.1f}s {faults.replace_minio_drive(drives)}")
    restored = await asyncio.to_thread(faults.restore_servers)
    log.append(f"{time.monotonic() - started:5.1f}s {restored}")


def minio_drives() -> int:
    topology = ROOT / "var" / "topology"
    text = topology.read_text() if topology.exists() else ""
    values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    return int(values.get("MINIO_DRIVES", "1"))


async def run(args: argparse.Namespace, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    env = local_env()
    key = Path(env.get("SPIN_AUTH_PRIVATE_KEY_FILE", ROOT / "var/secrets/auth-private.pem"))
    issuer = TokenIssuer.from_file(key, env.get("SPIN_AUTH_ISSUER", "spin-vig"))
    run_id = f"{seed % 100000:05d}-{int(time.time()) % 100000:05d}"
    tenant = Tenant(institute_id=f"chaos-{run_id}", agency_id=f"chaos-agency-{run_id}")
    sites = [f"chaos-site-{run_id}-{n}" for n in range(args.sites)]
    guides = [f"chaos-guide-{run_id}-{n}" for n in range(args.practitioners)]

    def headers(subject: str, role: Role) -> dict[str, str]:
        token = issuer.mint(
            subject=subject, role=role, institute_id=tenant.institute_id, agency_id=tenant.agency_id
        )
        return {"Authorization": f"Bearer {token}"}

    planner = service_url("planner")
    async with httpx.AsyncClient(base_url=planner, timeout=20) as client:
        await seed_directory(client, headers("chaos", Role.SERVICE), tenant, sites, guides)
    folder = Path(tempfile.mkdtemp(prefix="spin-chaos-"))
    uploads = make_uploads(folder, rng, sites, args.uploads)
    await announce_consents(kafka_of(env), tenant, uploads)
    guide_headers = {g: headers(g, Role.PRACTITIONER) for g in guides}
    writes = [Write(rng.choice(guides)) for _ in range(args.writes)]
    bodies = [case_body(rng) for _ in writes]
    tally, log = Tally(), list[str]()

    async def planner_client(n: int) -> None:
        mine = list(zip(writes, bodies, strict=True))[n::PLANNER_CLIENTS]
        async with httpx.AsyncClient(base_url=planner, timeout=20) as client:
            for write, body in mine:
                await open_case(client, guide_headers[write.practitioner], body, write, tally)
                await asyncio.sleep(args.window / max(1, len(mine)))

    async def uploaders() -> None:
        for upload in uploads:
            await tus_upload(service_url("ingest"), issuer, tenant, upload, tally)
            await asyncio.sleep(args.window / max(1, len(uploads)))

    reviews = [Review(rng.choice(guides)) for _ in range(args.reviews)]

    async def reviewer(n: int, review: Review) -> None:
        await asyncio.sleep(n * args.window / max(1, len(reviews)))
        site = sites[guides.index(review.practitioner) % len(sites)]
        await run_review(
            planner, service_url("ingest"), issuer, tenant, site,
            guide_headers[review.practitioner], review, folder, rng, tally,
        )  # fmt: skip

    topology = (brokers(env), minio_drives(), kafka_of(env))
    faults_of_run = (
        rolling_restart(args.window, log)
        if args.rolling
        else inject(rng, args.window, topology, log, tally)
    )
    started = time.monotonic()
    await asyncio.gather(
        faults_of_run,
        *(planner_client(n) for n in range(PLANNER_CLIENTS)),
        uploaders(),
        *(reviewer(n, review) for n, review in enumerate(reviews)),
    )
    print(f"workload and faults done in {time.monotonic() - started:.0f} s; faults:")
    print("\n".join(f"  {line}" for line in log))
    print(f"client retries: {tally.retries or 'none'}")
    print(
        f"retried by the clients: {tally.of('5xx')} 5xx answers, "
        f"{tally.of('connection error')} connection errors (no 5xx reached a client unretried)"
    )
    requests = {r.request_id for r in reviews if r.request_id}
    seen = await checks.read_events(kafka_of(env), uploads, writes, 300, requests)
    s3 = Minio(
        env["SPIN_S3_ENDPOINT"], env["SPIN_S3_ACCESS_KEY"], env["SPIN_S3_SECRET_KEY"], secure=False
    )
    rows = [
        *await checks.service_rows({name: service_url(name) for name in checks.SERVICES}),
        *checks.upload_rows(uploads, seen, s3),
        *await checks.planner_rows(planner, writes, seen, guide_headers),
        *checks.clip_rows(reviews, seen),
        *checks.event_rows(seen),
        *await read_model_rows(env),
    ]
    lost, dupes = checks.print_table(rows)
    record(args, seed, lost, dupes, tally)
    return lost, dupes


def record(args: argparse.Namespace, seed: int, lost: int, dupes: int, tally: Tally) -> None:
    """The run's result, for `bench.scheduling` and the report."""
    mode = "rolling" if args.rolling else "faults"
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "mode": mode,
        "seed": seed,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "chaos_lost": lost,
        "chaos_dupes": dupes,
        "retried_5xx": tally.of("5xx"),
        "retried_connection_errors": tally.of("connection error"),
        "args": vars(args),
    }
    (RESULTS / f"chaos-{mode}.json").write_text(json.dumps(result, indent=2))


def main() -> None:
    args = parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    rolling = " --rolling" if args.rolling else ""
    print(f"chaos seed={seed} (replay: uv run python -m bench.chaos{rolling} --seed {seed})")
    lost, dupes = asyncio.run(run(args, seed))
    print(f"chaos_lost={lost} chaos_dupes={dupes}")


if __name__ == "__main__":
    main()
