"""A small stand-in for the signed-in session and its client, for flows tested without Qt
or a network: it answers from lists the test fills in, and can fail like the service."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.api.errors import ServiceError
from app.core.account import Account
from app.core.catalog import Catalog, Choice
from app.core.choices import ChoiceValue, ChoiceValues
from app.core.receipts import ConsentReceipt, PublicKey
from app.core.requests import PrivacyRequest, RequestEvent, RequestKind, RequestStatus

T = TypeVar("T")
START = datetime(2025, 3, 1, 12, tzinfo=UTC)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Signer:
    """The service's Ed25519 key: signs receipts the way the service does."""

    def __init__(self, key_id: str = "key-1") -> None:
        self.key_id = key_id
        self._key = Ed25519PrivateKey.generate()

    def public_key(self) -> PublicKey:
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return PublicKey(self.key_id, b64url(raw), START)

    def receipt(self, number: int, choice_id: str, value: bool) -> ConsentReceipt:
        fields = {"consentReceiptID": f"r-{number}", "choiceId": choice_id, "value": value}
        payload = json.dumps(fields, sort_keys=True)
        signature = b64url(self._key.sign(payload.encode()))
        issued = START + timedelta(minutes=number)
        return ConsentReceipt(
            f"r-{number}", issued, choice_id, value, payload, signature, self.key_id
        )


def a_request(number: int, *statuses: RequestStatus) -> PrivacyRequest:
    received = START + timedelta(hours=number)
    history = tuple(
        RequestEvent(status, received + timedelta(minutes=i), "")
        for i, status in enumerate(statuses)
    )
    return PrivacyRequest(
        id=f"req-{number}",
        kind=RequestKind.ACCESS,
        status=statuses[-1],
        received_at=received,
        due_at=received + timedelta(days=31),
        extension_reason=None,
        denial_reason=None,
        grace_until=None,
        completed_at=None,
        details={},
        history=history,
        export=None,
    )


def values_of(**values: bool) -> ChoiceValues:
    return ChoiceValues("etag-1", tuple(ChoiceValue(k, v, START) for k, v in values.items()))


CATALOG = Catalog(
    "en",
    (
        Choice("X1", "Playback history", "…", True, ("C5",)),
        Choice("X2", "Personalised ads", "…", False, ()),
    ),
    (),
)


@dataclass
class FakeClient:
    receipt_pages: list[list[ConsentReceipt]] = field(default_factory=list)
    requests_now: list[PrivacyRequest] = field(default_factory=list)
    keys: list[PublicKey] = field(default_factory=list)
    values: ChoiceValues = field(default_factory=lambda: values_of(X1=True, X2=False))
    catalog_now: Catalog = CATALOG
    language: str = "en"
    failure: ServiceError | None = None  # raised by every call while set
    calls: list[str] = field(default_factory=list)

    def _answer(self, what: str) -> None:
        self.calls.append(what)
        if self.failure is not None:
            raise self.failure

    def receipts(
        self, _token: str, cursor: str | None, _limit: int
    ) -> tuple[tuple[ConsentReceipt, ...], str | None]:
        self._answer(f"receipts {cursor}")
        index = int(cursor or 0)
        page = self.receipt_pages[index] if index < len(self.receipt_pages) else []
        more = index + 1 < len(self.receipt_pages)
        return tuple(page), str(index + 1) if more else None

    def requests(self, _token: str) -> tuple[PrivacyRequest, ...]:
        self._answer("requests")
        return tuple(self.requests_now)

    def public_keys(self) -> tuple[PublicKey, ...]:
        self._answer("keys")
        return tuple(self.keys)

    def choices(self, _token: str) -> ChoiceValues:
        self._answer("choices")
        return self.values

    def catalog(self) -> Catalog:
        self._answer("catalog")
        return self.catalog_now


class FakeSession:
    """Like AuthSession.call: hands the access token to the action."""

    def __init__(self, client: FakeClient) -> None:
        self.client = client
        self.account = Account("https://privacy.example", "user-1", "ada@example.org")

    def call(self, action: Callable[[str], T]) -> T:
        return action("token-1")
