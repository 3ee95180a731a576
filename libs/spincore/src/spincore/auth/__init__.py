"""Signed access tokens (EdDSA) and their FastAPI guard; the claims are `spin_contracts.claims`."""

from spincore.auth.tokens import TokenError, TokenIssuer, TokenVerifier

__all__ = ["TokenError", "TokenIssuer", "TokenVerifier"]
