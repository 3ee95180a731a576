"""footage.uploaded in, outputs in MinIO and footage.transcoded out; clips and their reel.

One service instance (real Kafka, MinIO, PostgreSQL, ffmpeg, the `pipeline` fixture) serves the
whole module; files and clip requests it refuses are test_refusals'.
"""

from __future__ import annotations

import math
from uuid import uuid4

import pytest
from spin_contracts.events.footage import (
    ClipRendered,
    ClipRequested,
    ClipSegment,
    FootageUploaded,
)
from spin_contracts.topics import Topic, topic_name
from spin_transcode.bootstrap import CONSUMER

from tests.integration.transcode import media
from tests.integration.transcode.harness import consumed_everything, probe, streams, until
from tests.integration.transcode.pipeline import Pipeline

pytestmark = pytest.mark.integration


async def test_web_renditions_poster_sprite_and_metadata(pipeline: Pipeline) -> None:
    source = media.h264_mp4(pipeline.media / "living-room.mp4", size="1280x720")
    uploaded, done = await pipeline.transcode(source)

    prefix = f"renditions/{uploaded.footage_id}/"
    assert [(r.name, r.width, r.height, r.key) for r in done.renditions] == [
        ("720p", 1280, 720, f"{prefix}720p.mp4"),
        ("360p", 640, 360, f"{prefix}360p.mp4"),
    ]
    assert (done.poster_key, done.sprite_key, done.thumbnails_vtt_key) == (
        f"{prefix}poster.jpg",
        f"{prefix}sprite.jpg",
        f"{prefix}thumbnails.vtt",
    )
    meta = done.metadata
    assert (meta.width, meta.height, meta.video_codec, meta.audio_codec) == (
        1280,
        720,
        "h264",
        "aac",
    )
    assert (meta.has_audio, meta.frame_rate, round(meta.duration_s)) == (True, 25, 2)
    assert str(meta.recorded_at) == "2024-05-01 10:00:00+00:00"

    web = probe(pipeline.uploader.presigned(done.renditions[0].key))
    (video,), (audio,) = streams(web, "video"), streams(web, "audio")
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert audio["codec_name"] == "aac"
    head = pipeline.uploader.read(done.renditions[0].key, length=64 * 1024)
    assert 0 <= head.find(b"moov") < head.find(b"mdat"), "faststart puts the index first"

    poster = streams(probe(pipeline.uploader.presigned(done.poster_key)), "video")[0]
    assert (poster["codec_name"], poster["width"], poster["height"]) == ("mjpeg", 1280, 720)
    sprite = streams(probe(pipeline.uploader.presigned(done.sprite_key)), "video")[0]
    vtt = pipeline.uploader.read(done.thumbnails_vtt_key).decode()
    tiles = math.ceil(meta.duration_s / 0.5)  # one every 0.5 s, ten to a row
    assert (sprite["width"], sprite["height"]) == (160 * tiles, 90)
    assert vtt.startswith("WEBVTT")
    assert vtt.count("#xywh=") == tiles
    assert "00:00:00.000 --> 00:00:00.500\nsprite.jpg#xywh=0,0,160,90" in vtt
    assert "sprite.jpg#xywh=480,0,160,90" in vtt


@pytest.mark.parametrize("name", sorted(media.MAKERS))
async def test_containers_and_codecs_become_h264_mp4(pipeline: Pipeline, name: str) -> None:
    _, done = await pipeline.transcode(media.encoded(pipeline.media / name))

    (rendition,) = done.renditions  # 240p sources are not upscaled into a 360p or 720p copy
    assert (rendition.name, rendition.width, rendition.height) == ("240p", 320, 240)
    web = probe(pipeline.uploader.presigned(rendition.key))
    video = streams(web, "video")[0]
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert streams(web, "audio")[0]["codec_name"] == "aac"


async def test_phone_rotation_is_honoured(pipeline: Pipeline) -> None:
    _, done = await pipeline.transcode(media.portrait_phone(pipeline.media / "phone.mp4"))

    assert done.metadata.rotation in {90, 270}
    rendition = done.renditions[0]
    assert (rendition.width, rendition.height) == (180, 320)
    video = streams(probe(pipeline.uploader.presigned(rendition.key)), "video")[0]
    assert (video["width"], video["height"]) == (180, 320)
    assert not [s for s in video.get("side_data_list", []) if s.get("rotation")]


async def test_variable_frame_rate_without_audio_becomes_constant_rate(pipeline: Pipeline) -> None:
    _, done = await pipeline.transcode(media.variable_rate(pipeline.media / "vfr.mp4"))

    assert (done.metadata.has_audio, done.metadata.audio_codec) == (False, None)
    web = probe(pipeline.uploader.presigned(done.renditions[0].key))
    assert streams(web, "audio") == []
    video = streams(web, "video")[0]
    assert video["avg_frame_rate"] == video["r_frame_rate"]


async def test_poison_message_is_dead_lettered_and_its_partition_moves_on(
    pipeline: Pipeline,
) -> None:
    source = media.h264_mp4(pipeline.media / "after-poison.mp4", seconds=1)
    footage_id = uuid4()
    await pipeline.uploader.producer.send_and_wait(
        topic_name(Topic.FOOTAGE, pipeline.settings.topic_prefix),
        b"{not an event",
        key=str(footage_id).encode(),
    )
    uploaded = await pipeline.uploader.upload(source, footage_id=footage_id)

    await pipeline.outcomes.first(uploaded.footage_id, "footage.transcoded")
    await until(lambda: bool(pipeline.outcomes.dead_letters), what="the dead letter")
    letter = pipeline.outcomes.dead_letters[0]
    assert letter["payload"] == "{not an event"
    assert "not a valid envelope" in letter["reason"]


async def test_redelivered_upload_neither_redoes_work_nor_duplicates_events(
    pipeline: Pipeline,
) -> None:
    uploaded, _ = await pipeline.transcode(media.h264_mp4(pipeline.media / "twice.mp4", seconds=1))
    envelope = next(env for env, event in pipeline.outcomes.events if event == uploaded)
    before = pipeline.uploader.etags(f"renditions/{uploaded.footage_id}/")

    await pipeline.uploader.resend(envelope)  # the same event again
    await pipeline.uploader.announce(uploaded)  # a new event about the same footage
    await until(
        lambda: consumed_everything(pipeline.settings, Topic.FOOTAGE, CONSUMER),
        what="the redeliveries to be consumed",
    )

    assert len(pipeline.outcomes.of("footage.transcoded", uploaded.footage_id)) == 1
    assert pipeline.uploader.etags(f"renditions/{uploaded.footage_id}/") == before


async def test_footage_announced_by_anyone_but_ingest_is_left_alone(pipeline: Pipeline) -> None:
    synthetic = await pipeline.uploader.upload(
        media.h264_mp4(pipeline.media / "synthetic.mp4", seconds=1)
    )
    await pipeline.uploader.announce(
        synthetic.model_copy(update={"footage_id": uuid4()}), producer="demo-history"
    )
    await until(
        lambda: consumed_everything(pipeline.settings, Topic.FOOTAGE, CONSUMER),
        what="the synthetic announcement to be consumed",
    )
    await pipeline.outcomes.first(synthetic.footage_id, "footage.transcoded")

    announced_by_others = {
        event.footage_id
        for envelope, event in pipeline.outcomes.events
        if envelope.producer == "demo-history" and isinstance(event, FootageUploaded)
    }
    (ignored,) = announced_by_others
    assert not pipeline.outcomes.of("footage.transcoded", ignored)
    assert not pipeline.outcomes.of("footage.failed", ignored)
    assert not pipeline.outcomes.of("footage.transcode_progress", ignored)


async def test_clips_are_frame_accurate_and_the_reel_has_numbered_cards(pipeline: Pipeline) -> None:
    uploaded, _ = await pipeline.transcode(
        media.h264_mp4(pipeline.media / "review.mp4", size="1280x720", seconds=3)
    )
    segments = [
        ClipSegment(clip_id=uuid4(), start_s=0.4, end_s=1.2),
        ClipSegment(clip_id=uuid4(), start_s=1.6, end_s=2.8),
    ]
    request = ClipRequested(
        request_id=uuid4(),
        footage_id=uploaded.footage_id,
        case_code=uploaded.case_code,
        clips=segments,
        reel=True,
    )
    await pipeline.uploader.announce(request)

    event = await pipeline.outcomes.first(request.request_id, "clip.rendered", "clip.failed")
    assert isinstance(event, ClipRendered), event
    progress = pipeline.outcomes.of("clip.progress", request.request_id)
    assert [(p.clips_done, p.clips_total) for p in progress] == [(1, 2), (2, 2)]  # type: ignore[attr-defined]
    assert [c.key for c in event.clips] == [
        f"clips/{uploaded.footage_id}/{s.clip_id}.mp4" for s in segments
    ]
    for clip, frames in zip(event.clips, (20, 30), strict=True):
        video = streams(probe(pipeline.uploader.presigned(clip.key)), "video")[0]
        assert int(video["nb_frames"]) == frames  # 25 fps: exactly the requested span
        assert (video["width"], video["height"]) == (1280, 720)
    assert event.reel_key == f"clips/{uploaded.footage_id}/reel-{request.request_id}.mp4"
    reel = probe(pipeline.uploader.presigned(event.reel_key))
    cards = 2 * pipeline.settings.clip_card_s  # one before each clip, no title of words
    assert abs(float(reel["format"]["duration"]) - (cards + 0.8 + 1.2)) < 0.2
    assert [s["codec_type"] for s in reel["streams"]] == ["video", "audio"]
