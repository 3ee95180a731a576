"""Every service's operational face, served over real HTTP against the real servers."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI
from spin_contracts.claims import Principal, Role
from spincore.auth.guard import CurrentPrincipal, require_roles
from spincore.auth.tokens import TokenIssuer
from spincore.runtime import Runtime
from spincore.service_app import create_service_app
from spincore.settings import ServiceSettings

from tests.support.http import free_port, serving
from tests.support.isolation import Isolation
from tests.support.kafka_black_hole import brokers_that_never_answer

pytestmark = pytest.mark.integration


def guarded_app(settings: ServiceSettings) -> FastAPI:
    app = create_service_app(Runtime.build(settings), title="t", summary="t", migrations=None)

    @app.get("/whoami")
    def whoami(principal: CurrentPrincipal) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.get("/admin-only")
    def admin_only(
        principal: Annotated[Principal, Depends(require_roles(Role.AGENCY_ADMIN))],
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    return app


async def test_ready_when_kafka_minio_and_postgres_answer(isolated: Isolation) -> None:
    app = guarded_app(isolated.settings(ServiceSettings))
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {
            "kafka": "ok",
            "object_storage": "ok",
            "database": "ok",
            "start_up": "ok",
        }
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        metrics = await client.get("/metrics")
        assert "http_requests_total" in metrics.text
        assert ready.headers["X-Correlation-ID"]


async def test_tokens_are_enforced(isolated: Isolation, issuer: TokenIssuer) -> None:
    staff = issuer.mint(subject="auditor", role=Role.INSTITUTE_STAFF, institute_id="spin-nl")
    app = guarded_app(isolated.settings(ServiceSettings))
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
        missing = await client.get("/whoami")
        assert missing.status_code == 401
        assert "access token is required" in missing.json()["detail"]
        forged = await client.get("/whoami", headers={"Authorization": "Bearer abc.def.ghi"})
        assert forged.status_code == 401
        ok = await client.get("/whoami", headers={"Authorization": f"Bearer {staff}"})
        assert ok.json() == {"subject": "auditor"}
        wrong_role = await client.get("/admin-only", headers={"Authorization": f"Bearer {staff}"})
        assert wrong_role.status_code == 403


def test_readiness_names_the_dependency_that_is_missing(isolated: Isolation) -> None:
    dead_port = free_port()
    settings = isolated.settings(ServiceSettings, s3_endpoint=f"127.0.0.1:{dead_port}")
    runtime = Runtime.build(settings)
    app = create_service_app(runtime, title="t", summary="t", migrations=None)
    route_paths = {getattr(route, "path", "") for route in app.routes}
    assert {"/healthz", "/readyz", "/metrics"} <= route_paths
    assert set(runtime.readiness_checks()) == {"kafka", "object_storage", "database"}


async def test_a_start_up_waiting_for_kafka_answers_and_says_so(isolated: Isolation) -> None:
    async with brokers_that_never_answer() as bootstrap:
        settings = isolated.settings(ServiceSettings, kafka_bootstrap=bootstrap, startup_wait_s=0.5)
        app = guarded_app(settings)
        async with (
            serving(app, started=False) as url,
            httpx.AsyncClient(base_url=url, timeout=30) as client,
        ):
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            body = ready.json()
            assert body["checks"]["start_up"] == "starting"
            # The bucket too: the start-up makes it once the topics exist.
            assert {"kafka", "start_up"} <= set(body["short"])
            assert body["checks"]["database"] == "ok"
            refused = await client.get("/whoami", headers={"Accept-Language": "he"})
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == "10"
            assert refused.json()["detail"].startswith("השירות עדיין עולה")
            assert (await client.get("/healthz")).status_code == 200
