"""Signed request acknowledgements: what the service says about a request, in its own words.

`GET /v1/me/requests/{id}/acknowledgement` answers with a statement of the request's facts
(what was asked, when it was received, when it is due, any extension and its reason, the
answer if any, and its whole history) signed with the same Ed25519 key as the consent
receipts. The user keeps it as evidence: a complaint to a data-protection authority carries
it, and anyone can check it with the key published at `GET /v1/keys`, without trusting the
service's database or the user's copy of it. The statement is serialised as canonical JSON
(sorted keys, no whitespace, UTF-8) and those exact bytes are signed. History notes are
the service's own English sentences, as stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import PrivacyRequest, RequestEvent, User
from server.receipts import _controller, _private_key, b64url, canonical_json, signing_key
from server.requests_flow import extension_months

STATEMENT_TYPE = "privacy-request-acknowledgement"
STATEMENT_VERSION = 1


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def acknowledge(
    session: Session,
    settings: Settings,
    user: User,
    request: PrivacyRequest,
    events: list[RequestEvent],
) -> tuple[str, str, str]:
    """(payload, signature, key id): the signed statement of `request` as it stands now."""
    key = signing_key(session, settings)
    statement: dict[str, Any] = {
        "type": STATEMENT_TYPE,
        "version": STATEMENT_VERSION,
        "issuedAt": _when(settings.clock()),
        "keyId": key.key_id,
        "publicKey": key.public_key,
        "controller": _controller(settings),
        "piiPrincipalId": user.id,
        "request": {
            "id": request.id,
            "kind": request.kind,
            "status": request.status,
            "receivedAt": _when(request.received_at),
            "dueAt": _when(request.due_at),
            "extendedByMonths": extension_months(request),
            "extensionReason": request.extension_reason,
            "denialReason": request.denial_reason,
            "completedAt": _when(request.completed_at),
            "history": [
                {"status": event.status, "at": _when(event.at), "note": event.note}
                for event in events
            ],
        },
    }
    payload = canonical_json(statement)
    signature = _private_key(key).sign(payload.encode("utf-8"))
    return payload, b64url(signature), key.key_id
