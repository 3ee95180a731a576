"""Each test gets its own topic prefix, bucket and database schema, removed afterwards."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import uuid4

from aiokafka.admin import AIOKafkaAdminClient
from minio import Minio
from minio.deleteobjects import DeleteObject
from spincore.kafka import create_topics
from spincore.settings import ServiceSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.servers import Endpoints

S = TypeVar("S", bound=ServiceSettings)


@dataclass
class Isolation:
    """In-process services of a test run as the operator's Kafka principal (its topics carry
    the test's prefix, which no service's ACLs name); `tests/integration/infra/test_kafka_acls.py`
    shows what a service's own principal may not do."""

    endpoints: Endpoints
    token: str = field(default_factory=lambda: uuid4().hex[:10])
    extra_env: dict[str, Any] = field(default_factory=dict)

    @property
    def topic_prefix(self) -> str:
        return f"t{self.token}."

    @property
    def bucket(self) -> str:
        return f"t-{self.token}"

    @property
    def schema(self) -> str:
        return f"t_{self.token}"

    def settings(self, settings_type: type[S], **overrides: Any) -> S:
        """Settings of `settings_type` pointed at the real servers and this test's namespace."""
        values: dict[str, Any] = {
            "env": "test",
            "kafka_bootstrap": self.endpoints.kafka_bootstrap,
            "kafka_username": self.endpoints.kafka_username,
            "kafka_password": self.endpoints.kafka_password,
            "s3_endpoint": self.endpoints.s3_endpoint,
            "s3_access_key": self.endpoints.s3_access_key,
            "s3_secret_key": self.endpoints.s3_secret_key,
            "database_url": self.endpoints.database_url,
            "topic_prefix": self.topic_prefix,
            "s3_bucket": self.bucket,
            "db_schema": self.schema,
            **self.extra_env,
            **overrides,
        }
        return settings_type(**values)

    async def create_topics(self) -> None:
        await create_topics(self.endpoints.kafka, self.topic_prefix)

    async def clean_up(self) -> None:
        await asyncio.gather(
            self._drop_topics(), self._drop_schemas(), asyncio.to_thread(self._drop_buckets)
        )

    async def _drop_topics(self) -> None:
        admin = AIOKafkaAdminClient(**self.endpoints.kafka.client_options())
        await admin.start()
        try:
            mine = [t for t in await admin.list_topics() if t.startswith(self.topic_prefix)]
            if mine:
                await admin.delete_topics(mine)
        finally:
            await admin.close()

    async def _drop_schemas(self) -> None:
        engine = create_async_engine(self.endpoints.database_url)
        try:
            async with engine.begin() as conn:
                rows = await conn.execute(
                    text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                    {"p": f"{self.schema}%"},
                )
                for (schema,) in rows.all():
                    await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        finally:
            await engine.dispose()

    def _drop_buckets(self) -> None:
        s3 = Minio(
            self.endpoints.s3_endpoint,
            access_key=self.endpoints.s3_access_key,
            secret_key=self.endpoints.s3_secret_key,
            secure=False,
        )
        for bucket in s3.list_buckets():
            if not bucket.name.startswith(self.bucket):
                continue
            for upload in s3._list_multipart_uploads(bucket.name).uploads:
                s3._abort_multipart_upload(bucket.name, upload.object_name, upload.upload_id or "")
            objects = s3.list_objects(bucket.name, recursive=True)
            errors = list(
                s3.remove_objects(bucket.name, (DeleteObject(o.object_name or "") for o in objects))
            )
            if not errors:
                s3.remove_bucket(bucket.name)
