"""Pure transcode logic: no I/O."""
