"""Transcode adapters: database tables, Kafka, object storage."""
