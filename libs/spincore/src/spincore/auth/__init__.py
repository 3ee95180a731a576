"""Signed access tokens (EdDSA) with role and tenant-scope claims, and their FastAPI guard."""

from spincore.auth.tokens import Principal, Role, TokenError, TokenIssuer, TokenVerifier

__all__ = ["Principal", "Role", "TokenError", "TokenIssuer", "TokenVerifier"]
