"""`python -m spin_portal.demo`: seed the running stack with a realistic dataset and logins.

Publishes the events of institutes, agencies, sites, practitioners and cases with the shared
contracts (the portal projects them like any other events), creates one institute-staff
login per institute and one agency-admin login per agency, printing them, and sends a few
generated videos through the real pipeline (ingest's tus API, then transcode).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
from pathlib import Path

from spincore.db import make_engine
from spincore.db.migrations import upgrade_to_head
from spincore.kafka import create_topics, make_producer

from spin_portal.api.app import MIGRATIONS
from spin_portal.demo.dataset import Sizes, generate, publish_all
from spin_portal.demo.videos import VideoOptions, upload_videos
from spin_portal.settings import PortalSettings
from spin_portal.web.accounts import AccountError, PortalRole, create_user

LOCAL_ENV = Path("var/secrets/local.env")


SIZE_NAMES = ("institutes", "agencies", "sites", "practitioners", "cases", "months")


def parse_arguments() -> tuple[Sizes, int, VideoOptions]:
    defaults = Sizes()
    parser = argparse.ArgumentParser(description=__doc__)
    for name in SIZE_NAMES:
        parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--videos", type=int, default=3, help="videos through the pipeline")
    parser.add_argument("--ingest-url", default="http://127.0.0.1:8101", help="ingest's base URL")
    args = parser.parse_args()
    sizes = Sizes(**{name: getattr(args, name) for name in SIZE_NAMES})
    return sizes, args.seed, VideoOptions(args.ingest_url, count=args.videos)


async def create_logins(settings: PortalSettings, sizes: Sizes) -> list[tuple[str, str, str]]:
    password = f"demo-{secrets.token_urlsafe(9)}"
    wanted = [
        (f"staff-inst-{n + 1}", PortalRole.INSTITUTE_STAFF, f"inst-{n + 1}", None)
        for n in range(sizes.institutes)
    ] + [
        (
            f"admin-agency-{n + 1}",
            PortalRole.AGENCY_ADMIN,
            f"inst-{n % sizes.institutes + 1}",
            f"agency-{n + 1}",
        )
        for n in range(sizes.agencies)
    ]
    engine = make_engine(settings, pool_size=1)
    created = []
    try:
        for username, role, institute, agency in wanted:
            async with engine.begin() as conn:
                try:
                    await create_user(
                        conn,
                        username=username,
                        password=password,
                        role=role,
                        institute_id=institute,
                        agency_id=agency,
                    )
                    created.append((username, role.value, password))
                except AccountError:
                    created.append((username, role.value, "(exists; password unchanged)"))
    finally:
        await engine.dispose()
    return created


async def seed(
    settings: PortalSettings, sizes: Sizes, seed_value: int, videos: VideoOptions
) -> None:
    await create_topics(settings.kafka_bootstrap, settings.topic_prefix)
    await asyncio.to_thread(upgrade_to_head, settings, MIGRATIONS)
    events = generate(sizes, seed_value)
    producer = make_producer(settings.kafka_bootstrap, "portal-demo")
    await producer.start()
    try:
        sent = await publish_all(producer, events, settings.topic_prefix)
    finally:
        await producer.stop()
    print(f"published {sent} events: {sizes}")
    for username, role, password in await create_logins(settings, sizes):
        print(f"login {username:<18} {role:<16} {password}")
    if videos.count > 0:
        await upload_videos(settings, events, videos)
    print(f"open http://{settings.http_host}:{settings.http_port}/login")


def main() -> None:
    sizes, seed_value, videos = parse_arguments()
    settings = PortalSettings(_env_file=LOCAL_ENV) if LOCAL_ENV.exists() else PortalSettings()
    asyncio.run(seed(settings, sizes, seed_value, videos))


if __name__ == "__main__":
    main()
