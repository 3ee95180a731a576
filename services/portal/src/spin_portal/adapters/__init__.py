"""Portal adapters: database tables, Kafka, object storage."""
