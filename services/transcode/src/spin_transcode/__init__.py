"""spin_transcode."""
