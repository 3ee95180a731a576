"""`python -m spin_demo`: seed the running stack with a realistic dataset and logins.

1. registers the directory through the planner's REST API (a token minted by the ops key);
2. imports the generated 18-month history into the planner with `spin-planner-admin
   import-history` (rows and the events the API would have staged; the planner publishes
   them);
3. records a few live cases through the planner's API, uploads their videos over ingest's
   tus API, and marks moments once transcode is done; then publishes the history's footage
   events (producer `demo-history`);
4. creates portal logins and prints them, then waits until the portal has read every case.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx
from spin_contracts.events import Envelope, Event
from spin_portal.settings import PortalSettings
from spincore.auth import TokenIssuer
from spincore.kafka import create_topics, make_producer

from spin_demo.dataset import Generator
from spin_demo.directory import Sizes
from spin_demo.events import footage_events, publish_all
from spin_demo.live import filming_guides, record_live
from spin_demo.logins import create_logins, wanted_logins
from spin_demo.planner_api import DemoError, Planner, Tokens, register_directory
from spin_demo.read_model import cases_agree
from spin_demo.videos import VideoOptions

LOCAL_ENV = Path("var/secrets/local.env")
SIZE_NAMES = ("institutes", "agencies", "sites", "practitioners", "cases", "months")


def parse_arguments() -> argparse.Namespace:
    defaults = Sizes()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in SIZE_NAMES:
        parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--videos", type=int, default=3, help="live cases filmed and uploaded")
    parser.add_argument("--planner-url", default="http://127.0.0.1:8103")
    parser.add_argument("--ingest-url", default="http://127.0.0.1:8101", help="its tus API")
    parser.add_argument("--portal-url", default="http://127.0.0.1:8104", help="printed to open")
    parser.add_argument("--planner-schema", default="planner", help="the planner's db schema")
    parser.add_argument("--portal-schema", default="portal", help="the portal's db schema")
    return parser.parse_args()


def local_env() -> dict[str, str]:
    """`var/secrets/local.env` (what `make up` generated), under the caller's environment."""
    values: dict[str, str] = {}
    if LOCAL_ENV.exists():
        for line in LOCAL_ENV.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and not name.startswith("#"):
                values[name.strip()] = value.strip()
    return values | {k: v for k, v in os.environ.items() if k.startswith("SPIN_")}


class Clock:
    def __init__(self) -> None:
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:5.0f} s] {text}", flush=True)


def write_history(generator: Generator, path: Path) -> tuple[list[tuple[Envelope, Event]], int]:
    """The history as JSON lines at `path`; its footage events, and the file's size."""
    events: list[tuple[Envelope, Event]] = []
    with path.open("w", encoding="utf-8") as file:
        for history in generator.cases():
            file.write(history.case.model_dump_json() + "\n")
            events.extend(footage_events(history))
        for supervision in generator.supervisions():
            file.write(supervision.model_dump_json() + "\n")
    return events, path.stat().st_size


async def import_history(
    generator: Generator, env: dict[str, str], clock: Clock
) -> list[tuple[Envelope, Event]]:
    """Write the history as JSON lines and import it with the planner's admin command; the
    footage events of the history (for publishing once the cases are in)."""
    with tempfile.TemporaryDirectory(prefix="spin-demo-") as folder:
        path = Path(folder) / "history.jsonl"
        events, size = await asyncio.to_thread(write_history, generator, path)
        clock.say(f"history written ({size / 1e6:.0f} MB); importing it")
        admin = Path(sys.executable).with_name("spin-planner-admin")
        process = await asyncio.create_subprocess_exec(
            str(admin), "import-history", str(path), env={**os.environ, **env}
        )
        if await process.wait() != 0:
            raise DemoError("the planner refused the history import (see above)")
    return events


async def seed(args: argparse.Namespace, sizes: Sizes, settings: PortalSettings) -> None:
    clock, env = Clock(), local_env()
    key = settings.auth_private_key_file
    if key is None or not key.exists():
        raise DemoError("no SPIN_AUTH_PRIVATE_KEY_FILE: run `make up` first (it makes the keys)")
    tokens = Tokens(TokenIssuer.from_file(key, settings.auth_issuer))
    generator = Generator(sizes, args.seed)
    async with httpx.AsyncClient(base_url=args.planner_url, timeout=60) as client:
        planner = Planner(client)
        new = await register_directory(planner, tokens, generator.directory)
        clock.say(f"directory registered through the planner's API ({new} new entries)")
        footage = await import_history(
            generator, {**env, "SPIN_DB_SCHEMA": args.planner_schema}, clock
        )
        filming = filming_guides(generator.directory, args.videos)
        options = VideoOptions(args.ingest_url, count=len(filming))
        if filming:
            await record_live(planner, tokens, filming, options, clock.say)
        # After the live videos: transcode reads the footage topic in order, and would reach
        # the live uploads only behind tens of thousands of synthetic ones it skips.
        await create_topics(settings.kafka, settings.topic_prefix)
        producer = make_producer(settings.kafka, "spin-demo-history")
        await producer.start()
        try:
            sent = await publish_all(producer, footage, settings.topic_prefix)
        finally:
            await producer.stop()
        clock.say(f"published {sent} footage events of the history (producer demo-history)")
        for login, password in await create_logins(
            settings, wanted_logins(generator.directory, filming)
        ):
            print(f"login {login.username:<18} {login.role.value:<16} {password}")
        await cases_agree(planner, tokens, settings, clock.say)
    print(f"open {args.portal_url.rstrip('/')}/login")


def main() -> None:
    args = parse_arguments()
    try:
        sizes = Sizes(**{name: getattr(args, name) for name in SIZE_NAMES})
    except ValueError as error:
        raise SystemExit(f"demo: {error}") from error
    env_file = LOCAL_ENV if LOCAL_ENV.exists() else None
    settings = PortalSettings(_env_file=env_file, db_schema=args.portal_schema)
    try:
        asyncio.run(seed(args, sizes, settings))
    except DemoError as error:
        print(f"demo stopped: {error}", file=sys.stderr)
        raise SystemExit(1) from error


if __name__ == "__main__":
    main()
