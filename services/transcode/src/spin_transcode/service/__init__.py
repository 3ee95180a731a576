"""Handlers: what the service does with each event, as plain functions of (event, context)."""
