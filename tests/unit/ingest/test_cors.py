"""Which browser origins may upload: the portal's (and its loopback twin) plus the listed ones."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import AnyHttpUrl
from spin_ingest.api.cors import browser_origins, portal_origins
from spin_ingest.settings import IngestSettings


def settings(**values: Any) -> IngestSettings:
    return IngestSettings(**values)


def test_the_default_portal_is_allowed_by_either_loopback_name() -> None:
    assert browser_origins(settings()) == ["http://127.0.0.1:8104", "http://localhost:8104"]


@pytest.mark.parametrize(
    ("url", "origins"),
    [
        ("http://localhost:8104/", ["http://localhost:8104", "http://127.0.0.1:8104"]),
        ("https://portal.example.org/vig", ["https://portal.example.org"]),
        ("http://portal.example.org:80", ["http://portal.example.org"]),
        ("https://portal.example.org:8443", ["https://portal.example.org:8443"]),
    ],
)
def test_the_portal_origin_is_scheme_host_and_a_port_only_when_not_the_default(
    url: str, origins: list[str]
) -> None:
    assert portal_origins(AnyHttpUrl(url)) == origins


def test_listed_origins_are_added_once_and_a_trailing_slash_is_forgiven() -> None:
    chosen = settings(
        portal_url="https://portal.example.org",
        cors_origins=["https://uppy.example.org/", "https://portal.example.org"],
    )
    assert browser_origins(chosen) == ["https://portal.example.org", "https://uppy.example.org"]


def test_a_portal_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="URL"):
        settings(portal_url="portal")
