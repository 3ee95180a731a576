"""Planner HTTP API."""
