"""Transcode HTTP API."""
