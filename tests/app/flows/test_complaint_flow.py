"""Writing a complaint (app/flows/complaint.py, app/local/complaint_bundle.py) at unit level:
a statement that does not verify is never turned into evidence, and a folder that cannot be
written leaves nothing behind. The service is faked here; tests/e2e/test_overdue_complaint.py
runs the same path against the real one."""

from __future__ import annotations

import base64
import errno
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.core.account import Account
from app.core.acknowledgements import SignedAcknowledgement
from app.core.authorities import BY_COUNTRY
from app.core.receipts import PublicKey
from app.flows.complaint import StatementNotVerified, write_complaint_about
from app.local.atomic import DISK_FULL, LocalWriteFailed
from app.local.complaint_bundle import verify_bundle

KEY = Ed25519PrivateKey.generate()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


PUBLIC = PublicKey(
    "k1",
    _b64url(
        KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ),
    datetime(2026, 1, 1, tzinfo=UTC),
)


def _statement() -> str:
    statement = {
        "type": "privacy-request-acknowledgement",
        "version": 1,
        "issuedAt": "2026-12-01T10:00:00Z",
        "keyId": "k1",
        "publicKey": PUBLIC.public_key,
        "controller": {"piiController": "Example Media", "email": "privacy@example.org"},
        "piiPrincipalId": "u-1",
        "request": {
            "id": "r-1",
            "kind": "access",
            "status": "in_progress",
            "receivedAt": "2026-09-01T08:00:00Z",
            "dueAt": "2026-10-01T08:00:00Z",
            "extendedByMonths": 0,
            "extensionReason": None,
            "denialReason": None,
            "completedAt": None,
            "history": [
                {"status": "received", "at": "2026-09-01T08:00:00Z", "note": "Filed."},
            ],
        },
    }
    return json.dumps(statement, sort_keys=True, separators=(",", ":"))


def _signed(payload: str) -> SignedAcknowledgement:
    return SignedAcknowledgement(payload, _b64url(KEY.sign(payload.encode())), "k1")


@dataclass
class FakeClient:
    statement: SignedAcknowledgement
    base_url: str = "https://media.example"

    def acknowledgement(self, _token: str, request_id: str) -> SignedAcknowledgement:
        assert request_id == "r-1"
        return self.statement

    def public_keys(self) -> tuple[PublicKey, ...]:
        return (PUBLIC,)


@dataclass
class FakeSession:
    client: FakeClient
    account: Account

    def call(self, work: Callable[[str], Any]) -> Any:
        return work("token")


def _write(session: FakeSession, parent: Path) -> Any:
    return write_complaint_about(
        session,  # type: ignore[arg-type]
        "r-1",
        authority=BY_COUNTRY["NL"],
        language="nl",
        name="",
        parent=parent,
        today=date(2026, 12, 1),
        render_pdf=lambda complaint: b"%PDF-1.4\n" + complaint.plain_text().encode(),
    )


def _session(statement: SignedAcknowledgement) -> FakeSession:
    return FakeSession(
        FakeClient(statement), Account("https://media.example", "u-1", "ada@example.org")
    )


def test_a_verified_statement_becomes_a_folder_that_checks_out(tmp_path: Path) -> None:
    saved = _write(_session(_signed(_statement())), tmp_path)
    assert saved.folder == tmp_path / "complaint-r-1-2026-12-01"
    assert verify_bundle(saved.folder).ok
    assert "ada@example.org" in saved.complaint.plain_text(), "no name: signed with the e-mail"
    again = _write(_session(_signed(_statement())), tmp_path)
    assert again.folder == tmp_path / "complaint-r-1-2026-12-01-2", "an earlier one is kept"


def test_a_statement_that_does_not_verify_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    honest = _signed(_statement())
    forged = SignedAcknowledgement(
        honest.payload.replace("2026-10-01", "2027-10-01"), honest.signature, "k1"
    )
    with pytest.raises(StatementNotVerified):
        _write(_session(forged), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_no_half_written_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.local.complaint_bundle.os.fsync", full)
    with pytest.raises(LocalWriteFailed) as failed:
        _write(_session(_signed(_statement())), tmp_path)
    assert failed.value.reason == DISK_FULL
    assert list(tmp_path.iterdir()) == [], "neither the folder nor its .part is left"


def test_a_parent_that_is_not_a_folder_is_a_clear_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "Complaints"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(LocalWriteFailed):
        _write(_session(_signed(_statement())), blocker)
    assert blocker.read_text() == "a file where the folder should be"
