"""/readyz names the dependency that is short, and why, not only that something is."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from spincore.kafka import Replication, brokers_short
from spincore.web import add_operational_routes


async def answers(result: bool | str) -> bool | str:
    return result


def app_with(kafka: bool | str, database: bool | str = True) -> FastAPI:
    app = FastAPI()
    add_operational_routes(
        app,
        {"kafka": lambda: answers(kafka), "database": lambda: answers(database)},
    )
    return app


async def readyz(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://spin") as client:
        return await client.get("/readyz")


async def test_ready_when_every_dependency_is() -> None:
    response = await readyz(app_with(kafka=True))
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "checks": {"kafka": "ok", "database": "ok"},
        "short": [],
        "degraded": [],
    }


async def test_a_dependency_served_without_is_named_but_ready() -> None:
    """Ingest takes uploads (staging their events) while Kafka is short."""
    app = FastAPI()
    checks = {"kafka": lambda: answers("unavailable"), "database": lambda: answers(True)}
    add_operational_routes(app, checks, serving_without=frozenset({"kafka"}))
    response = await readyz(app)
    assert response.status_code == 200
    assert response.json()["short"] == response.json()["degraded"] == ["kafka"]
    assert response.json()["ready"] is True


async def test_a_kafka_below_min_insync_is_named_with_what_it_lacks() -> None:
    response = await readyz(app_with(kafka=brokers_short(1, 2) or True))
    assert response.status_code == 503
    body = response.json()
    assert body["short"] == ["kafka"]
    assert body["checks"]["kafka"] == "short: 1 live broker(s), writes need 2 in sync"
    assert body["checks"]["database"] == "ok"


async def test_a_dependency_that_does_not_answer_is_unavailable() -> None:
    body = (await readyz(app_with(kafka=True, database=False))).json()
    assert body["short"] == ["database"]
    assert body["checks"]["database"] == "unavailable"


def test_enough_brokers_are_not_short() -> None:
    assert brokers_short(2, 2) is None
    assert brokers_short(3, 2) is None
    assert brokers_short(0, 1) == "short: 0 live broker(s), writes need 1 in sync"


def test_min_insync_never_exceeds_the_copies() -> None:
    assert Replication(3, 2).config() == {"min.insync.replicas": "2"}
    assert Replication(1, 2).config() == {"min.insync.replicas": "1"}
