"""Ingest's pure rules: tus headers, metadata, containers, parts and expiry (no I/O)."""
