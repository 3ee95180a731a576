"""Ingest's pure rules: tus headers, metadata, containers, refusals and expiry (no I/O, no HTTP)."""
