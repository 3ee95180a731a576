"""The object keys of a footage's media, once transcode announced them, wherever footage shows."""

from __future__ import annotations

from uuid import uuid4

import httpx
import pytest

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import (
    announce,
    film,
    open_case,
    transcoded_of,
    until,
    upload_of,
)
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration

MEDIA = {
    "bucket": "b",
    "renditions": [{"name": "720p", "key": "k", "width": 1280, "height": 720}],
    "poster_key": "p",
    "sprite_key": "s",
    "thumbnails_vtt_key": "v",
    "frame_rate": 25.0,
    "width": 1280,
    "height": 720,
}


async def test_media_keys_appear_once_the_footage_is_transcoded(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = uuid4()
    await announce(
        isolated, upload_of(footage_id, case["case_code"], filming["filming_session_ref"])
    )
    one = f"/cases/{case['id']}/footage/{footage_id}"
    uploaded = await until(planner, one, people.dana, lambda f: f.get("status") == "uploaded")
    assert uploaded["media"] is None

    await announce(isolated, transcoded_of(footage_id, case["case_code"], 300))
    ready = await until(planner, one, people.dana, lambda f: f["status"] == "ready")

    assert ready["media"] == MEDIA
    assert ready["duration_s"] == 300
    listed = (await planner.get(f"/cases/{case['id']}/footage", headers=people.dana)).json()
    assert [f["media"] for f in listed] == [MEDIA]
    session = f"/cases/{case['id']}/sessions/{filming['id']}"
    assert (await planner.get(session, headers=people.dana)).json()["footage"][0]["media"] == MEDIA
    sessions = (await planner.get(f"/cases/{case['id']}/sessions", headers=people.dana)).json()
    assert sessions["items"][0]["footage"][0]["media"] == MEDIA
    supervisor = await planner.get(one, headers=people.lee)  # no supervision consent
    assert supervisor.status_code == 404


async def test_one_footage_is_found_only_through_its_own_case(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = uuid4()
    await announce(
        isolated, upload_of(footage_id, case["case_code"], filming["filming_session_ref"])
    )
    one = f"/cases/{case['id']}/footage/{footage_id}"
    await until(planner, one, people.dana, lambda f: f.get("status") == "uploaded")
    other_case = await open_case(planner, people.dana)

    wrong_case = await planner.get(
        f"/cases/{other_case['id']}/footage/{footage_id}", headers=people.dana
    )
    unknown = await planner.get(f"/cases/{case['id']}/footage/{uuid4()}", headers=people.dana)
    other_agency = await planner.get(one, headers=people.other_admin)

    assert wrong_case.status_code == 404
    assert wrong_case.json()["detail"] == "no such footage for this case"
    assert unknown.status_code == 404
    assert other_agency.status_code == 404
    assert other_agency.json()["detail"] == "no such case"
