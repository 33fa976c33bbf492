"""Password hashing and opaque tokens. Tokens are random; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


def production_hasher() -> PasswordHasher:
    """argon2id with the library's RFC 9106 defaults (64 MiB, 3 passes, 4 lanes)."""
    return PasswordHasher()


_hasher = production_hasher()
# Verifying against this keeps an unknown e-mail as slow as a wrong password. Written out
# rather than hashed at import, which took a full hash (a quarter of a second or more) from
# every process that imports the service, the desktop demo's included; it is the hash of
# "not-a-real-password" at the production cost (tests/server/test_security.py checks it).
_PRODUCTION_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$Is+Qngi0hAoe6HSQX3SmNg$8caZWHP1wxMN5JRAcdmsEFDJnsMvQkYAfQ35xtTmfQo"
_DUMMY_HASH = _PRODUCTION_DUMMY_HASH


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
