"""Signed agent messages (DRP 3.07): decode, verify, check the envelope, refuse replays.

An agent sends a JSON document with its 64-byte Ed25519 signature prepended, the whole
base64-encoded, as `text/plain`. The checks run in the order DRP 3.07 gives: the text
decodes; the signature verifies with the key of the agent behind the bearer token (or, at
the pair-wise setup, the agent named in the path); the message names that agent and this
service; it was issued no later than now (give or take a minute of clock skew) and has not
expired. Every message accepted is remembered by its SHA-256 until it expires, so the same
bytes sent again are refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db.models import AgentMessage
from server.drp import DRP_VERSION
from server.drp.errors import drp_error
from server.problems import Problem

SIGNATURE_LENGTH = 64
# A clock a little fast on the agent's side is not a forgery.
CLOCK_SKEW = timedelta(seconds=60)
# DRP recommends short-lived messages; a longer one could be replayed for longer.
LONGEST_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True)
class SignedMessage:
    """A message whose signature verified: its claims, and the digest the replay guard keeps."""

    claims: dict[str, Any]
    digest: str


def decode_base64(body: bytes) -> bytes:
    """The signed buffer, from standard base64 text (surrounding whitespace is ignored)."""
    try:
        buffer = base64.b64decode(body.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise drp_error(400, "The message is not base64 text.", fatal=True) from None
    if len(buffer) <= SIGNATURE_LENGTH:
        raise drp_error(400, "The message is too short to hold a signature and a document.")
    return buffer


def verify_key_from_text(verify_key: str) -> Ed25519PublicKey:
    """An agent's verify key as the service directory writes it: 32 raw bytes in base64."""
    try:
        raw = base64.b64decode(verify_key, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise ValueError("the verify key must be 32 bytes of Ed25519 key in base64") from None


def verify(body: bytes, verify_key: str) -> SignedMessage:
    """Decode `body` and check its signature; the document must be a JSON object."""
    buffer = decode_base64(body)
    signature, document = buffer[:SIGNATURE_LENGTH], buffer[SIGNATURE_LENGTH:]
    try:
        verify_key_from_text(verify_key).verify(signature, document)
    except (InvalidSignature, ValueError):
        raise drp_error(403, "The signature does not verify with this agent's key.") from None
    try:
        claims = json.loads(document.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise drp_error(400, "The signed document is not JSON.", fatal=True) from None
    if not isinstance(claims, dict):
        raise drp_error(400, "The signed document is not a JSON object.", fatal=True)
    return SignedMessage(claims=claims, digest=hashlib.sha256(buffer).hexdigest())


def text_claim(claims: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise drp_error(400, f"The claim '{name}' must be non-empty text.", fatal=True)
    return value


def _moment(claims: dict[str, Any], name: str) -> datetime:
    text = text_claim(claims, name)
    assert text is not None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise drp_error(400, f"The claim '{name}' is not an ISO 8601 time.", fatal=True) from None
    # A time without an offset is read as UTC, the protocol's own examples' zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def check_envelope(
    message: SignedMessage, *, agent_id: str, business_id: str, now: datetime
) -> datetime:
    """The envelope claims of DRP 2.01/2.05 in the order of 3.07; returns `expires-at`."""
    if message.claims.get("agent-id") != agent_id:
        raise drp_error(403, "The message names another agent than the one sending it.")
    if message.claims.get("business-id") != business_id:
        raise drp_error(403, f"The message is not addressed to {business_id}.", fatal=True)
    issued_at = _moment(message.claims, "issued-at")
    expires_at = _moment(message.claims, "expires-at")
    if now + CLOCK_SKEW < issued_at:
        raise drp_error(403, "The message was issued in the future: check the agent's clock.")
    if now >= expires_at:
        raise drp_error(403, "The message has expired.")
    if expires_at <= issued_at or expires_at - issued_at > LONGEST_LIFETIME:
        raise drp_error(403, "A message may be valid for at most 10 minutes after it is issued.")
    if message.claims.get("drp.version") != DRP_VERSION:
        raise drp_error(400, f"This service speaks DRP {DRP_VERSION}.", fatal=True)
    return expires_at


def remember(
    session: Session, message: SignedMessage, agent_id: str, expires_at: datetime, now: datetime
) -> None:
    """The replay guard: refuse a message seen before, keep this one until it expires.

    Rows of expired messages go here too: a message past its expiry is refused by its own
    `expires-at`, so its row has no more work to do.
    """
    session.execute(
        delete(AgentMessage)
        .where(AgentMessage.expires_at <= now)
        .execution_options(synchronize_session=False)
    )
    if session.get(AgentMessage, message.digest) is not None:
        raise replayed()
    session.add(AgentMessage(digest=message.digest, agent_id=agent_id, expires_at=expires_at))
    try:
        session.flush()
    except IntegrityError:
        # The same message arrived twice at the same moment: the other one won.
        raise replayed() from None


def replayed() -> Problem:
    return drp_error(409, "This signed message was already received; sign a new one.")
