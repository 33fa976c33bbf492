"""The service's signed statement of a request's facts (GET /v1/me/requests/{id}/acknowledgement).

Evidence the user can hand to others: a data-protection authority can check it with the
service's published key without trusting the app or the user. `facts()` reads what the
statement says; it is only worth anything once `verify` said a published key signed it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.receipts import PublicKey, verify_signed

STATEMENT_TYPE = "privacy-request-acknowledgement"


class UnreadableAcknowledgement(ValueError):
    """The statement is not the JSON document the service signs."""


@dataclass(frozen=True)
class AcknowledgedEvent:
    status: str
    at: datetime
    note: str  # the service's own English sentence


@dataclass(frozen=True)
class AcknowledgedFacts:
    """What the signed statement says about the request (times in UTC)."""

    request_id: str
    kind: str
    status: str
    received_at: datetime
    due_at: datetime
    extended_by_months: int
    extension_reason: str | None
    denial_reason: str | None
    completed_at: datetime | None
    history: tuple[AcknowledgedEvent, ...]
    issued_at: datetime
    controller: str  # the organisation's name, as the service states it
    controller_email: str
    account_id: str


@dataclass(frozen=True)
class SignedAcknowledgement:
    payload: str  # canonical JSON: the exact text that was signed
    signature: str  # base64url Ed25519
    key_id: str

    def verify(self, keys: Iterable[PublicKey]) -> bool:
        return verify_signed(self.payload, self.signature, self.key_id, keys)

    def facts(self) -> AcknowledgedFacts:
        try:
            statement = json.loads(self.payload)
            if statement.get("type") != STATEMENT_TYPE:
                raise UnreadableAcknowledgement("not a request acknowledgement")
            request = statement["request"]
            controller = statement["controller"]
            return AcknowledgedFacts(
                request_id=str(request["id"]),
                kind=str(request["kind"]),
                status=str(request["status"]),
                received_at=_utc(request["receivedAt"]),
                due_at=_utc(request["dueAt"]),
                extended_by_months=int(request["extendedByMonths"]),
                extension_reason=_text_or_none(request.get("extensionReason")),
                denial_reason=_text_or_none(request.get("denialReason")),
                completed_at=(_utc(request["completedAt"]) if request.get("completedAt") else None),
                history=tuple(
                    AcknowledgedEvent(str(e["status"]), _utc(e["at"]), str(e["note"]))
                    for e in request["history"]
                ),
                issued_at=_utc(statement["issuedAt"]),
                controller=str(controller["piiController"]),
                controller_email=str(controller.get("email", "")),
                account_id=str(statement["piiPrincipalId"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            if isinstance(error, UnreadableAcknowledgement):
                raise
            raise UnreadableAcknowledgement(str(error)) from None

    def as_json(self) -> dict[str, Any]:
        return {"payload": self.payload, "signature": self.signature, "key_id": self.key_id}


def _utc(text: Any) -> datetime:
    if not isinstance(text, str):
        raise UnreadableAcknowledgement("a time that is not text")
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
