"""SPIN VIG planner service: families, helping questions, sessions, moments and feedback plans."""
