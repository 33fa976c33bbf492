"""PKCE (RFC 7636) with S256 only: `plain` would hand the challenge's secret to anyone who
sees the authorization request, so it is refused (RFC 9700 section 2.1.1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

SUPPORTED_METHODS = ("S256",)
# An S256 challenge is the base64url of 32 bytes, without padding: 43 characters.
_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
# Section 4.1: 43 to 128 unreserved characters.
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def is_challenge(text: str) -> bool:
    return _CHALLENGE.fullmatch(text) is not None


def verifier_matches(verifier: str, challenge: str) -> bool:
    if _VERIFIER.fullmatch(verifier) is None:
        return False
    return hmac.compare_digest(s256(verifier), challenge)
