"""spincore."""
