"""Authorization codes (RFC 6749 section 4.1, with PKCE): made when the user signs in on the
service's page, redeemed once by the client that asked for them.

A code is bound to its client, its redirect URI and its PKCE challenge, and lives at most
`Settings.authorization_code_lifetime` (a minute). Only its SHA-256 is stored. The first
exchange marks it used, whether or not it then succeeds, in one compare-and-swap, so of
two exchanges racing with the same code exactly one can win. A code presented again after
that is a replay (RFC 6749 section 4.1.2: someone else holds it): the exchange is refused
and every token the code was exchanged for is revoked, by the token route, which owns
revocation (server/api/auth.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import AuthorizationCode, new_id
from server.oauth.pkce import verifier_matches
from server.oauth_errors import oauth_refusal
from server.security import new_token, token_digest


@dataclass(frozen=True)
class Redemption:
    """Whom to issue tokens to, into which family, and whether they count as a step-up."""

    user_id: str
    family_id: str
    stepped_up_at: datetime | None


class CodeReplayed(Exception):
    """A used code came back: the tokens of `family_id` must end."""

    def __init__(self, user_id: str, family_id: str) -> None:
        super().__init__("authorization code used twice")
        self.user_id = user_id
        self.family_id = family_id


def issue_code(
    session: Session,
    settings: Settings,
    *,
    client_id: str,
    redirect_uri: str,
    code_challenge: str,
    user_id: str,
    step_up: bool,
) -> str:
    code = new_token()
    now = settings.clock()
    session.add(
        AuthorizationCode(
            code_hash=token_digest(code),
            client_id=client_id,
            redirect_uri=redirect_uri,
            code_challenge=code_challenge,
            user_id=user_id,
            family_id=new_id(),
            authenticated_at=now,
            step_up=step_up,
            expires_at=now + settings.authorization_code_lifetime,
        )
    )
    return code


def redeem_code(
    session: Session,
    settings: Settings,
    *,
    code: str,
    client_id: str,
    redirect_uri: str,
    code_verifier: str,
) -> Redemption:
    """Check and use up a code; raises an `invalid_grant` refusal, or `CodeReplayed`."""
    now = settings.clock()
    digest = token_digest(code)
    claimed = session.execute(
        update(AuthorizationCode)
        .where(AuthorizationCode.code_hash == digest, AuthorizationCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    stored = session.scalar(
        select(AuthorizationCode)
        .where(AuthorizationCode.code_hash == digest)
        .execution_options(populate_existing=True)
    )
    if stored is None:
        raise oauth_refusal("invalid_grant", "This sign-in code is not known.")
    if getattr(claimed, "rowcount", 0) != 1:
        raise CodeReplayed(stored.user_id, stored.family_id)
    # From here on the code is used up, refused or not: a guess at the verifier costs it.
    if stored.expires_at <= now:
        raise oauth_refusal("invalid_grant", "This sign-in code has expired.", commit=True)
    if stored.client_id != client_id or stored.redirect_uri != redirect_uri:
        raise oauth_refusal(
            "invalid_grant",
            "This sign-in code was issued to another client or redirect URI.",
            commit=True,
        )
    if not verifier_matches(code_verifier, stored.code_challenge):
        raise oauth_refusal(
            "invalid_grant", "The code verifier does not match the challenge.", commit=True
        )
    return Redemption(
        stored.user_id, stored.family_id, stored.authenticated_at if stored.step_up else None
    )
