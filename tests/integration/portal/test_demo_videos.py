"""The demo's videos go through the real pipeline: ffmpeg, ingest's tus API, transcode, and
the portal's read model (ingest, transcode and portal in-process on one test's topics)."""

from __future__ import annotations

from pathlib import Path

from spin_portal.adapters.tables import FOOTAGE, UPLOAD_TOKENS
from spin_portal.api.app import create_app as create_portal
from spin_portal.demo.videos import VideoOptions, filmed_cases, upload_videos
from spin_transcode.api.app import create_app as create_transcode
from spin_transcode.settings import TranscodeSettings
from sqlalchemy import func, select

from tests.integration.ingest.conftest import ingest_settings, start_ingest
from tests.integration.portal.support import portal_settings, publish, settled, small_dataset
from tests.support.http import serving
from tests.support.isolation import Isolation


async def test_demo_videos_are_uploaded_transcoded_and_shown(
    isolated: Isolation, auth_keys: tuple[Path, Path], tmp_path: Path
) -> None:
    portal_config = portal_settings(
        isolated,
        auth_private_key_file=auth_keys[0],
        db_schema=f"{isolated.schema}_portal",
    )
    transcode_config = isolated.settings(
        TranscodeSettings,
        db_schema=f"{isolated.schema}_transcode",
        transcode_workers=1,
        transcode_min_free_bytes=0,
        transcode_sprite_interval_s=0.5,
        transcode_work_dir=tmp_path,
    )
    events = small_dataset()
    portal_app = create_portal(portal_config)
    lines: list[str] = []
    async with (
        serving(portal_app),
        start_ingest(ingest_settings(isolated)) as ingest,
        serving(create_transcode(transcode_config)),
    ):
        engine = portal_app.state.runtime.engine
        await publish(portal_config, events)
        await settled(engine, len(events))
        options = VideoOptions(
            str(ingest.client.base_url), count=2, shortest_s=2, longest_s=3, size="320x180"
        )
        outcomes = await upload_videos(portal_config, events, options, lines.append)
        assert len(outcomes) == 2
        assert all(o.startswith("transcoded") for o in outcomes), lines

        again = await upload_videos(portal_config, events, options, lines.append)
        assert again == outcomes, lines
        assert sum("already uploaded earlier" in line for line in lines) == 2

        cases = [c.case_code for c in filmed_cases(events, 2)]
        async with engine.connect() as conn:
            footage = (
                await conn.execute(
                    select(FOOTAGE).where(
                        FOOTAGE.c.case_code.in_(cases), FOOTAGE.c.rendition_key.like("renditions/%")
                    )
                )
            ).all()
            tokens = await conn.scalar(
                select(func.count())
                .select_from(UPLOAD_TOKENS)
                .where(UPLOAD_TOKENS.c.issued_by == "demo")
            )
        real = [f for f in footage if f.bucket == isolated.bucket and f.transcoded_at]
        assert len({f.case_code for f in real}) == 2
        assert tokens == 4
