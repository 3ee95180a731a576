"""Portal HTTP API."""
