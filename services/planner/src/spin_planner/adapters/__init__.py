"""Planner adapters: database tables, Kafka, object storage."""
