"""Pure planner logic: no I/O."""
