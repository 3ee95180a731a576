"""spin_planner."""
