"""Deterministic object keys: a redone job overwrites its outputs instead of adding copies."""

from __future__ import annotations

from uuid import UUID

POSTER = "poster.jpg"
SPRITE = "sprite.jpg"
THUMBNAILS_VTT = "thumbnails.vtt"


def rendition_prefix(footage_id: UUID) -> str:
    return f"renditions/{footage_id}/"


def rendition_key(footage_id: UUID, name: str) -> str:
    return f"{rendition_prefix(footage_id)}{name}"


def clip_prefix(footage_id: UUID) -> str:
    return f"clips/{footage_id}/"


def clip_key(footage_id: UUID, clip_id: UUID) -> str:
    return f"{clip_prefix(footage_id)}{clip_id}.mp4"


def reel_key(footage_id: UUID, request_id: UUID) -> str:
    return f"{clip_prefix(footage_id)}reel-{request_id}.mp4"
