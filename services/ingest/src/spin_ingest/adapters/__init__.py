"""Ingest adapters: database tables, Kafka, object storage."""
