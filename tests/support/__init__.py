"""Test support: where the real servers are, per-test isolation, serving apps over HTTP."""
