"""`python -m spin_demo`: a realistic dataset and logins for a running stack."""
