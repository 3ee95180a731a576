"""The portal's choices and site upload tokens as use cases on in-memory fakes: a language or
time zone kept or refused, a token recorded as issued, a revocation and its event in one
unit of work."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from spin_contracts.events.directory import UploadTokenRevoked
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service import preferences, upload_tokens
from spincore.auth.tokens import TokenIssuer, generate_keypair

from tests.unit.portal.fakes import Store

LEE = Viewer("lee", PortalRole.PRACTITIONER, "inst-1", "agency-1", "csrf")
STAFF = Viewer("noa", PortalRole.INSTITUTE_STAFF, "inst-1", None, "csrf")
OFFERED = ("en", "nl", "he")


async def test_a_language_is_kept_and_given_back_to_the_institute() -> None:
    store = Store()
    await preferences.choose_language(
        preferences.ChooseLanguage(LEE, "nl"), offered=OFFERED, units=store
    )
    assert store.state.languages == {"lee": "nl"}
    await preferences.choose_language(
        preferences.ChooseLanguage(LEE, None), offered=OFFERED, units=store
    )
    assert store.state.languages == {}


async def test_a_language_not_offered_changes_nothing() -> None:
    store = Store()
    with pytest.raises(preferences.LanguageNotOfferedError):
        await preferences.choose_language(
            preferences.ChooseLanguage(LEE, "fr"), offered=OFFERED, units=store
        )
    assert store.state.commits == 0


async def test_only_institute_staff_keep_a_time_zone_and_only_a_real_one() -> None:
    store = Store()
    with pytest.raises(preferences.NotInstituteStaffError):
        await preferences.staff_choose_time_zone(LEE, "Asia/Jerusalem", units=store)
    with pytest.raises(preferences.UnknownZoneError):
        await preferences.staff_choose_time_zone(STAFF, "Mars/Olympus", units=store)
    assert store.state.commits == 0
    await preferences.staff_choose_time_zone(STAFF, "Asia/Jerusalem", units=store)
    assert store.state.zones == {"inst-1": "Asia/Jerusalem"}


async def test_a_revocation_and_its_event_commit_together_once(tmp_path: Path) -> None:
    private, _ = generate_keypair(tmp_path)
    issuer = TokenIssuer.from_file(private, "spin-portal")
    store = Store()
    scope = upload_tokens.SiteScope("inst-1", "agency-1", "site-1")
    await upload_tokens.issue(
        upload_tokens.IssueToken(scope, timedelta(days=30), "ada"), units=store, issuer=issuer
    )
    (token_id,) = store.state.tokens
    by = upload_tokens.Revoker("ada", upload_tokens.account_ref("s" * 40, "ada"))
    revoke = upload_tokens.RevokeToken("inst-1", "agency-1", token_id, by)
    assert await upload_tokens.revoke(revoke, units=store, producer="portal")
    assert not await upload_tokens.revoke(revoke, units=store, producer="portal")
    other_agency = upload_tokens.RevokeToken("inst-1", "agency-2", token_id, by)
    assert not await upload_tokens.revoke(other_agency, units=store, producer="portal")
    ((envelope, event),) = store.state.outbox
    assert isinstance(event, UploadTokenRevoked)
    assert (event.site_id, event.revoked_by) == ("site-1", by.account_id)
    assert envelope.producer == "portal"
    assert store.state.revoked == {token_id: "ada"}
