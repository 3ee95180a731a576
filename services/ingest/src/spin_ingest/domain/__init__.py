"""Pure ingest logic: no I/O."""
