"""One transcode service of a test module (real Kafka, MinIO, PostgreSQL, ffmpeg), its uploader
and what it answers: the pipeline and refusal tests' fixture (conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spin_contracts.events.footage import FootageTranscoded, FootageUploaded
from spin_transcode.settings import TranscodeSettings

from tests.integration.transcode.harness import Outcomes, Uploader


@dataclass
class Pipeline:
    settings: TranscodeSettings
    uploader: Uploader
    outcomes: Outcomes
    media: Path

    async def transcode(self, path: Path) -> tuple[FootageUploaded, FootageTranscoded]:
        uploaded = await self.uploader.upload(path)
        event = await self.outcomes.first(
            uploaded.footage_id, "footage.transcoded", "footage.failed"
        )
        assert isinstance(event, FootageTranscoded), f"{path.name} failed: {event}"
        return uploaded, event
