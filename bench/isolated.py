"""The transcode service's settings for one benchmark run: the stack's servers and
credentials, with topics, bucket and database schema of the run's own (`clean_up` drops them),
so a bench never touches the running services' data."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

from aiokafka.admin import AIOKafkaAdminClient
from minio.deleteobjects import DeleteObject
from spin_transcode.settings import TranscodeSettings
from spincore.storage import make_s3
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[1]
LOCAL_ENV = ROOT / "var" / "secrets" / "local.env"


def isolated_settings(env: Path = LOCAL_ENV, **overrides: Any) -> TranscodeSettings:
    """One worker, quiet logs, and a random token in every shared name."""
    token = uuid4().hex[:8]
    fields: dict[str, Any] = {
        "topic_prefix": f"bench{token}.",
        "s3_bucket": f"bench-{token}",
        "db_schema": f"bench_{token}",
        "transcode_workers": 1,
        "log_level": "WARNING",
    }
    return TranscodeSettings(_env_file=env, **(fields | overrides))


async def clean_up(settings: TranscodeSettings) -> None:
    """Drop the run's topics, schema and bucket."""
    admin = AIOKafkaAdminClient(**settings.kafka.client_options())
    await admin.start()
    try:
        mine = [t for t in await admin.list_topics() if t.startswith(settings.topic_prefix)]
        if mine:
            await admin.delete_topics(mine)
    finally:
        await admin.close()
    engine = create_async_engine(settings.database_url.get_secret_value())
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{settings.db_schema}" CASCADE'))
    await engine.dispose()
    s3 = make_s3(settings)
    if s3.bucket_exists(settings.s3_bucket):
        names = s3.list_objects(settings.s3_bucket, recursive=True)
        deletes = (DeleteObject(o.object_name or "") for o in names)
        list(s3.remove_objects(settings.s3_bucket, deletes))
        s3.remove_bucket(settings.s3_bucket)
