"""An upload's site must be its own agency's, and a site's slots are its own agency's too;
an upload that never received a byte gives its slot back within minutes."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta

from spin_contracts.claims import Role
from spincore.auth.tokens import TokenIssuer

from tests.integration.ingest.conftest import RunningIngest, ingest_settings, start_ingest
from tests.integration.ingest.support import (
    AGENCY,
    create,
    eventually,
    grant,
    mp4_bytes,
    patch,
    register_site,
    token,
)
from tests.support.isolation import Isolation

OTHER_AGENCY, OTHER_SITE, OTHER_CASE = "agency-b", "site-b1", "C-2025-B01"


def admin(issuer: TokenIssuer, agency: str = AGENCY) -> dict[str, str]:
    """An agency admin's token: its agency, no site of its own."""
    return token(issuer, role=Role.AGENCY_ADMIN, agency=agency, site=None)


async def test_an_admin_cannot_create_uploads_under_another_agencys_site_or_none(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await register_site(ingest.settings, ingest.runtime.engine, OTHER_SITE, OTHER_AGENCY)
    await grant(ingest.settings, ingest.runtime.engine)
    own = await create(ingest.client, admin(issuer), 1024)
    assert own.status_code == 201, own.text
    answers = [
        await create(ingest.client, admin(issuer), 1024, site=site)
        for site in (OTHER_SITE, "site-nowhere")
    ]
    assert [a.status_code for a in answers] == [403, 403]
    assert answers[0].json()["detail"] == (
        f"agency {AGENCY} has no site {OTHER_SITE}: footage can only be uploaded for one of the "
        "agency's own sites (a newly registered site is known here within seconds)"
    )
    # Another agency's site and one that does not exist read alike: neither is confirmed.
    assert answers[1].json()["detail"] == answers[0].json()["detail"].replace(
        OTHER_SITE, "site-nowhere"
    )


async def test_another_agencys_pending_uploads_never_fill_a_sites_slots(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    async with start_ingest(
        ingest_settings(isolated, max_concurrent_uploads_per_site=2)
    ) as running:
        await register_site(running.settings, running.runtime.engine, OTHER_SITE, OTHER_AGENCY)
        await grant(running.settings, running.runtime.engine)
        await grant(running.settings, running.runtime.engine, OTHER_CASE, OTHER_AGENCY)
        intruder = admin(issuer, OTHER_AGENCY)
        for _ in range(3):
            pushed = await create(running.client, intruder, 1024, case_code=OTHER_CASE)
            assert pushed.status_code == 403, pushed.text
        own = [await create(running.client, token(issuer), 1024) for _ in range(2)]
        assert [o.status_code for o in own] == [201, 201]
        elsewhere = await create(
            running.client,
            token(issuer, agency=OTHER_AGENCY, site=OTHER_SITE),
            1024,
            case_code=OTHER_CASE,
            site=OTHER_SITE,
        )
        assert elsewhere.status_code == 201, elsewhere.text


def _sha1(data: bytes) -> str:
    return "sha1 " + base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode()


async def test_an_upload_without_a_byte_gives_its_slot_back_within_minutes(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    settings = ingest_settings(
        isolated,
        max_concurrent_uploads_per_site=1,
        unstarted_upload_expiry_minutes=0.25,
        expiry_sweep_seconds=0.5,
    )
    async with start_ingest(settings) as running:
        await grant(running.settings, running.runtime.engine)
        auth, data = token(issuer), mp4_bytes(4096)
        url = (await create(running.client, auth, len(data))).headers["Location"]
        # tuspy's default: a sha1 checksum, which this server refuses.
        refused = await patch(
            running.client, auth, url, 0, data, **{"Upload-Checksum": _sha1(data)}
        )
        assert refused.status_code == 400
        full = await create(running.client, auth, len(data))
        assert full.status_code == 429
        detail = full.json()["detail"]
        assert re.search(
            r"1 slot frees up at \d\d:\d\d:\d\d UTC, when uploads that never received a byte "
            "expire",
            detail,
        ), detail
        assert 1 <= int(full.headers["Retry-After"]) <= 15

        async def slot_free() -> str | None:
            again = await create(running.client, auth, len(data))
            return again.headers["Location"] if again.status_code == 201 else None

        second = await eventually(slot_free, "the unstarted upload's slot to free up")
        assert (await running.client.head(url, headers=auth)).status_code == 410
        stored = await patch(running.client, auth, second, 0, data[:1024])
        assert stored.status_code == 204
        expires = datetime.strptime(stored.headers["Upload-Expires"], "%a, %d %b %Y %H:%M:%S GMT")
        # Once bytes arrive, the upload keeps its slot for the long expiry (24 hours).
        assert expires.replace(tzinfo=UTC) > datetime.now(UTC) + timedelta(hours=23)
