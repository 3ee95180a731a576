"""Pure portal logic: no I/O."""
