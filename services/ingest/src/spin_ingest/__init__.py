"""spin_ingest."""
