"""CSRF protection for the sign-in pages: a token bound to the form it was put in.

The page sets a random secret in a cookie only the service can read (HttpOnly,
SameSite=Strict, path /v1/oauth) and puts an HMAC of the form's fixed fields under that
secret in a hidden field. A POST is taken only when the field matches the HMAC of the
fields it came with under the secret the cookie brings: another site can make a browser
post to the page, but it cannot read the cookie, so it cannot make the token; and a token
taken from one form does not fit a form with another redirect, challenge or state.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping

from fastapi import Request, Response

COOKIE = "privacy_desk_form"
COOKIE_PATH = "/v1/oauth"
FIELD = "csrf_token"


def form_secret(request: Request) -> str:
    """The browser's secret, or a new one when it sent none (the answer must set it)."""
    existing = request.cookies.get(COOKIE, "")
    return existing if len(existing) >= 32 else secrets.token_urlsafe(32)


def form_token(secret: str, purpose: str, fields: Mapping[str, str]) -> str:
    message = json.dumps([purpose, sorted(fields.items())], separators=(",", ":"))
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def form_token_fits(request: Request, purpose: str, fields: Mapping[str, str], token: str) -> bool:
    secret = request.cookies.get(COOKIE, "")
    if len(secret) < 32 or not token:
        return False
    return hmac.compare_digest(form_token(secret, purpose, fields), token)


def keep_secret(response: Response, request: Request, secret: str) -> None:
    response.set_cookie(
        COOKIE,
        secret,
        path=COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
