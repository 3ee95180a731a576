"""A transcode service with the footage lifecycle on real servers, its clock the test's (see
`lifecycle_harness.FakeClock`), for the erasure tests."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

from spin_contracts.events.footage import FootageTranscoded
from spin_transcode.settings import TranscodeSettings

from tests.integration.transcode import media
from tests.integration.transcode.lifecycle_harness import FakeClock, Lifecycle
from tests.integration.transcode.processes import environment

ADMIN = Path(sys.executable).parent / "spin-transcode-admin"


@dataclass
class Service:
    settings: TranscodeSettings
    clock: FakeClock
    life: Lifecycle
    media: Path

    async def transcoded(self, case_code: str, seconds: float = 2) -> FootageTranscoded:
        source = await self.film(f"{uuid4()}.mp4", seconds=seconds)
        uploaded = await self.life.uploaded(case_code, source)
        done = await self.life.outcomes.first(
            uploaded.footage_id, "footage.transcoded", "footage.failed"
        )
        assert isinstance(done, FootageTranscoded), done
        return done

    async def film(self, name: str, size: str = "640x360", seconds: float = 2) -> Path:
        """Test footage, made off the event loop (the service runs on it)."""
        return await asyncio.to_thread(media.h264_mp4, self.media / name, size, seconds)

    async def admin(self, *args: str) -> subprocess.CompletedProcess[str]:
        return await asyncio.to_thread(
            subprocess.run,
            [str(ADMIN), *args],
            env=environment(self.settings),
            capture_output=True,
            text=True,
            timeout=300,  # the CLI loads the service: slow on a busy machine
        )
