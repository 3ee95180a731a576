"""SPIN VIG ingest service: footage uploads over tus into object storage."""
