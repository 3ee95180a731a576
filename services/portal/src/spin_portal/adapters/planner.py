"""The planner API, called on one person's behalf.

The planner is the one place that decides who may see and change what, so the portal never
reads the planner's data itself: it asks the planner with a token minted for the person who
is logged in, living minutes, and passes the planner's answer (and its refusals) on.
"""

from __future__ import annotations

import json as json_module
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

import aiohttp
from spin_contracts.claims import Role
from spincore.auth.tokens import TokenIssuer

POOL_SIZE = 100  # connections to the planner per portal process


@dataclass(frozen=True)
class Person:
    """Whom a token is minted for: the planner's idea of the caller."""

    subject: str
    role: Role
    institute_id: str
    agency_id: str | None = None
    site_id: str | None = None


@dataclass(frozen=True)
class Answer:
    """The planner's answer: status, decoded JSON body (None when empty) and ETag."""

    status: int
    body: Any
    etag: str | None

    @property
    def ok(self) -> bool:
        return self.status < 400


class PlannerUnavailableError(Exception):
    """The planner did not answer; the page says so instead of failing blindly."""


class Tokens:
    """Tokens minted per person, reused until half their life has passed."""

    def __init__(self, issuer: TokenIssuer, life_s: int) -> None:
        self._issuer = issuer
        self.life_s = life_s
        self._minted: dict[Person, tuple[str, float]] = {}

    def for_person(self, person: Person) -> str:
        known = self._minted.get(person)
        now = time.monotonic()
        if known is not None and known[1] > now:
            return known[0]
        token = self.mint(person, self.life_s)
        if len(self._minted) > 10_000:  # people who left: forget them all, mint anew
            self._minted.clear()
        self._minted[person] = (token, now + self.life_s / 2)
        return token

    def mint(self, person: Person, life_s: int) -> str:
        return self._issuer.mint(
            subject=person.subject,
            role=person.role,
            institute_id=person.institute_id,
            agency_id=person.agency_id,
            site_id=person.site_id,
            valid_for=timedelta(seconds=life_s),
        )


class Planner:
    """One keep-alive connection pool to the planner for the life of the process.

    aiohttp rather than httpx here: httpcore's pool looks at every pooled connection's socket
    on each request, which made the client the portal's largest cost under many pages in
    flight (see docs/performance.md).
    """

    def __init__(
        self, base_url: str, tokens: Tokens, language: Callable[[], str] = lambda: "en"
    ) -> None:
        self.tokens = tokens
        self.base_url = base_url.rstrip("/")
        # The viewer's language, so the planner's refusals the pages show come in it.
        self.language = language
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the event loop that serves the requests.
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=POOL_SIZE, keepalive_timeout=30),
                timeout=aiohttp.ClientTimeout(total=15, connect=5),
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def get(self, person: Person, path: str, **params: Any) -> Answer:
        query = {k: query_value(v) for k, v in params.items() if v is not None}
        return await self.call(person, "GET", path, params=query)

    async def call(
        self,
        person: Person,
        method: str,
        path: str,
        *,
        json: Any = None,
        if_match: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Answer:
        headers = {
            "Authorization": f"Bearer {self.tokens.for_person(person)}",
            "Accept-Language": self.language(),
        }
        if if_match is not None:
            headers["If-Match"] = if_match
        try:
            async with self._http().request(
                method,
                self.base_url + path,
                json=json,
                headers=headers,
                params=params,
                allow_redirects=False,
            ) as response:
                content = await response.read()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise PlannerUnavailableError(type(error).__name__) from error
        body = json_module.loads(content) if content else None
        return Answer(response.status, body, response.headers.get("ETag"))


def query_value(value: Any) -> str | int | float:
    """A query value as the planner reads it (aiohttp takes str, int and float only)."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return value
    return str(value)  # UUIDs, dates
