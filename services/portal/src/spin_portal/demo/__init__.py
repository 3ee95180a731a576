"""A realistic, reproducible VIG dataset as events (for the demo, tests and the benchmark)."""
