"""spin_portal."""
