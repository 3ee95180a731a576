"""spin_contracts: what the SPIN VIG services and clients agree on (pydantic only)."""
