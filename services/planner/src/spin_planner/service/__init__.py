"""Use cases of the planner: each checks, changes state and stages its events in one transaction."""
