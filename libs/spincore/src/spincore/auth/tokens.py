"""Ed25519-signed JWTs (PyJWT). The private key mints (portal, ops CLI); services only verify.

The claims a token carries (`Principal`, `Role`) are contracts: `spin_contracts.claims`.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self
from uuid import uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from spin_contracts import claims

ALGORITHM = "EdDSA"


class TokenError(Exception):
    """The token is missing, malformed, expired, or not signed by our key."""


def generate_keypair(directory: Path) -> tuple[Path, Path]:
    """Write a new Ed25519 key pair as PEM files (private readable by the owner only)."""
    directory.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    private_path, public_path = directory / "auth-private.pem", directory / "auth-public.pem"
    private_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    private_path.chmod(0o600)
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_path, public_path


class TokenIssuer:
    def __init__(self, private_key_pem: bytes, issuer: str) -> None:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise TokenError("the signing key must be an Ed25519 private key")
        self._key = key
        self.issuer = issuer

    @classmethod
    def from_file(cls, path: Path, issuer: str) -> Self:
        return cls(path.read_bytes(), issuer)

    def mint(
        self,
        *,
        subject: str,
        role: claims.Role,
        institute_id: str,
        agency_id: str | None = None,
        site_id: str | None = None,
        valid_for: timedelta = timedelta(hours=1),
        token_id: str | None = None,
    ) -> str:
        """A signed token; `token_id` (default: a new uuid) is what revocation names."""
        principal = claims.Principal(
            subject=subject,
            role=role,
            institute_id=institute_id,
            agency_id=agency_id,
            site_id=site_id,
            token_id=token_id or str(uuid4()),
        )
        now = datetime.now(UTC)
        payload = {
            "iss": self.issuer,
            "sub": principal.subject,
            "iat": now,
            "nbf": now,
            "exp": now + valid_for,
            "jti": principal.token_id,
            "role": principal.role.value,
            "institute": principal.institute_id,
            "agency": principal.agency_id,
            "site": principal.site_id,
        }
        return jwt.encode(payload, self._key, algorithm=ALGORITHM)


class TokenVerifier:
    """Checks tokens against our public key.

    A verified token is remembered until it expires, so a client sending the same token again
    is not checked again (an Ed25519 check per request shows under load). At most `remember`
    tokens are kept; the least recently used is forgotten first.
    """

    def __init__(
        self, public_key_pem: bytes, issuer: str, leeway_s: int = 30, remember: int = 4096
    ) -> None:
        key = serialization.load_pem_public_key(public_key_pem)
        if not isinstance(key, Ed25519PublicKey):
            raise TokenError("the verification key must be an Ed25519 public key")
        self._key = key
        self.issuer = issuer
        self.leeway_s = leeway_s
        self.remember = remember
        self._verified: OrderedDict[str, tuple[claims.Principal, float]] = OrderedDict()

    @classmethod
    def from_file(cls, path: Path, issuer: str) -> Self:
        return cls(path.read_bytes(), issuer)

    def verify(self, token: str) -> claims.Principal:
        known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            self._verified.move_to_end(token)
            return known[0]
        try:
            payload = self._checked_claims(token)
            principal = claims.Principal(
                subject=payload["sub"],
                role=claims.Role(payload["role"]),
                institute_id=payload["institute"],
                agency_id=payload.get("agency"),
                site_id=payload.get("site"),
                token_id=payload["jti"],
            )
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            raise TokenError(f"invalid token: {error}") from error
        self._remember(token, principal, float(payload["exp"]))
        return principal

    def _checked_claims(self, token: str) -> dict[str, Any]:
        """The claims of a token whose signature, issuer and expiry hold."""
        payload: dict[str, Any] = jwt.decode(
            token,
            self._key,
            algorithms=[ALGORITHM],
            issuer=self.issuer,
            leeway=self.leeway_s,
            options={"require": ["exp", "iat", "sub", "jti", "iss"]},
        )
        return payload

    def _remember(self, token: str, principal: claims.Principal, expires_at: float) -> None:
        if expires_at <= time.time():  # accepted within the leeway only: check it every time
            return
        self._verified[token] = (principal, expires_at)
        self._verified.move_to_end(token)
        if len(self._verified) > self.remember:
            self._verified.popitem(last=False)
