"""The running stack as the workspace bench sees it: its env file, its signing key, its ports
(loopback only), a logged-in portal client per person, and the percentiles it reports."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import httpx
from spin_contracts.claims import Role
from spincore.auth.tokens import TokenIssuer

from tests.support.servers import SERVICE_BASE_PORTS, service_url

ROOT = Path(__file__).resolve().parents[2]
LOCAL_ENV = ROOT / "var" / "secrets" / "local.env"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class BenchError(RuntimeError):
    """The stack did not do what the bench needs; the message says what and where."""


@dataclass(frozen=True)
class Stack:
    env_file: Path
    env: dict[str, str]
    issuer: TokenIssuer

    @staticmethod
    def url(service: str) -> str:
        return service_url(service)

    def service_token(self, institute_id: str) -> str:
        return self.issuer.mint(
            subject="bench-operator", role=Role.SERVICE, institute_id=institute_id
        )


def open_stack(env_file: Path) -> Stack:
    """The stack `make up` runs; fails with the command to start it when it does not answer."""
    if not env_file.exists():
        raise BenchError(f"{env_file} does not exist: run `make up` (or pass --env)")
    pairs = (line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    env = {key.strip(): value.strip().strip('"') for key, value in pairs}
    for service in SERVICE_BASE_PORTS:
        try:
            ready = httpx.get(f"{Stack.url(service)}/readyz", timeout=5)
        except httpx.HTTPError as error:
            raise BenchError(f"{service} does not answer ({error}): run `make up`") from error
        if ready.status_code != 200:
            raise BenchError(f"{service} is not ready: {ready.text[:200]}")
    key = Path(env.get("SPIN_AUTH_PRIVATE_KEY_FILE", env_file.parent / "auth-private.pem"))
    issuer = TokenIssuer.from_file(key, env.get("SPIN_AUTH_ISSUER", "spin-vig"))
    return Stack(env_file, env, issuer)


async def logged_in(username: str, password: str, connections: int = 4) -> httpx.AsyncClient:
    """A portal client with the person's session cookie (login form's double-submit CSRF)."""
    client = httpx.AsyncClient(
        base_url=Stack.url("portal"),
        timeout=httpx.Timeout(60, connect=10),
        limits=httpx.Limits(max_connections=connections),
    )
    form = await client.get("/login")
    token = CSRF.search(form.text)
    if token is None:
        await client.aclose()
        raise BenchError(f"the login page has no CSRF field ({form.status_code})")
    answer = await client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token.group(1)}
    )
    if answer.status_code != 303:
        await client.aclose()
        raise BenchError(f"login of {username} refused ({answer.status_code})")
    return client


def checked(answer: httpx.Response, expected: int = 200) -> httpx.Response:
    if answer.status_code != expected:
        raise BenchError(
            f"{answer.request.method} {answer.request.url.path}: {answer.status_code} "
            f"{answer.text[:300]}"
        )
    return answer


def percentile(samples: list[float], share: float) -> float:
    """The `share` quantile (0.95 = p95) of at least two samples."""
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]


def spread(samples: list[float]) -> str:
    return (
        f"p50 {percentile(samples, 0.5):6.1f}  p95 {percentile(samples, 0.95):6.1f}  "
        f"p99 {percentile(samples, 0.99):6.1f} ms  (n={len(samples)})"
    )
