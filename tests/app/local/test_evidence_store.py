"""The user's evidence log: kept once, in order, tamper-evident, checkable from the bundle alone."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.core.receipts import ConsentReceipt, PublicKey
from app.local.evidence_store import (
    CONSENT_RECEIPT,
    REQUEST_ACKNOWLEDGEMENT,
    EvidenceDamaged,
    EvidenceStore,
)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class FakeService:
    """Signs receipts the way the privacy service does: Ed25519 over canonical JSON."""

    def __init__(self) -> None:
        self.private_key = Ed25519PrivateKey.generate()
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key = PublicKey(
            key_id=hashlib.sha256(raw).hexdigest()[:16],
            public_key=_b64url(raw),
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        self.issued = 0

    def receipt(self, choice_id: str, value: bool) -> ConsentReceipt:
        self.issued += 1
        receipt_id = str(uuid.uuid4())
        issued_at = datetime(2026, 11, 1, 10, self.issued, tzinfo=UTC)
        document = {
            "version": "KI-CR-v1.1.0",
            "consentReceiptID": receipt_id,
            "consentTimestamp": int(issued_at.timestamp()),
            "piiPrincipalId": "user-7f3a",
            "services": [{"service": "Personalised ads — één"}],
            "choiceId": choice_id,
            "value": value,
        }
        payload = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        signature = self.private_key.sign(payload.encode("utf-8"))
        return ConsentReceipt(
            id=receipt_id,
            issued_at=issued_at,
            choice_id=choice_id,
            value=value,
            payload=payload,
            signature=_b64url(signature),
            key_id=self.key.key_id,
        )


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    ticks = iter(range(10_000))
    return EvidenceStore(
        tmp_path / "data" / "evidence" / "log.jsonl",
        clock=lambda: f"2026-11-02T09:{next(ticks) % 60:02d}:00Z",
    )


def _lines(store: EvidenceStore) -> list[str]:
    return store.path.read_text(encoding="utf-8").splitlines()


def _rewrite(store: EvidenceStore, lines: list[str]) -> None:
    store.path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_kept_receipt_starts_an_intact_chain_on_disk(
    store: EvidenceStore, service: FakeService
) -> None:
    receipt = service.receipt("X2", False)
    entry = store.add_receipt(receipt)

    assert entry is not None and entry.index == 0 and entry.kind == CONSENT_RECEIPT
    assert entry.body["payload"] == receipt.payload
    assert len(_lines(store)) == 1
    assert json.loads(_lines(store)[0])["entry_hash"] == entry.entry_hash
    verdict = store.verify([service.key])
    assert verdict.all_good and verdict.signatures == {0: True}


def test_receipts_and_acknowledgements_link_up_in_the_order_they_were_kept(
    store: EvidenceStore, service: FakeService
) -> None:
    first = store.add_receipt(service.receipt("X1", False))
    second = store.add_acknowledgement(
        "req-1", "access", "received", "2026-11-01T10:00:00+00:00", "2026-12-01T10:00:00+00:00"
    )
    third = store.add_receipt(service.receipt("X1", True))

    assert first and second and third
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert [entry.kind for entry in store.entries()] == [
        CONSENT_RECEIPT,
        REQUEST_ACKNOWLEDGEMENT,
        CONSENT_RECEIPT,
    ]
    verdict = store.verify([service.key])
    assert verdict.all_good and verdict.entry_count == 3
    assert set(verdict.signatures) == {0, 2}, "acknowledgements carry no signature to check"


def test_the_same_receipt_is_kept_only_once(store: EvidenceStore, service: FakeService) -> None:
    receipt = service.receipt("X4", False)
    assert store.add_receipt(receipt) is not None
    assert store.add_receipt(receipt) is None
    assert store.add_all([receipt, service.receipt("X5", True)])[0].body["choice_id"] == "X5"
    assert len(store.entries()) == 2


def test_each_status_of_a_request_is_kept_once(store: EvidenceStore) -> None:
    due = "2026-12-01T10:00:00+00:00"
    received = "2026-11-01T10:00:00+00:00"
    assert store.add_acknowledgement("req-1", "deletion", "received", received, due)
    assert store.add_acknowledgement("req-1", "deletion", "received", received, due) is None
    assert store.add_acknowledgement("req-1", "deletion", "cancelled", received, due)
    assert [entry.body["status"] for entry in store.entries()] == ["received", "cancelled"]


def test_an_entry_edited_on_disk_is_reported_at_its_index(
    store: EvidenceStore, service: FakeService
) -> None:
    for choice in ("X1", "X2", "X3"):
        store.add_receipt(service.receipt(choice, False))
    lines = _lines(store)
    edited = json.loads(lines[1])
    edited["body"]["value"] = True  # someone makes it look as if X2 was switched on
    lines[1] = json.dumps(edited)
    _rewrite(store, lines)

    verdict = store.verify([service.key])
    assert not verdict.chain_intact and verdict.first_broken_index == 1
    assert verdict.invalid_signatures == (1,), "the signed payload still says 'off'"
    assert not verdict.all_good


def test_entries_moved_around_on_disk_are_detected(
    store: EvidenceStore, service: FakeService
) -> None:
    for choice in ("X1", "X2", "X3"):
        store.add_receipt(service.receipt(choice, False))
    lines = _lines(store)
    _rewrite(store, [lines[0], lines[2], lines[1]])

    verdict = store.verify([service.key])
    assert verdict.first_broken_index == 1
    assert verdict.invalid_signatures == (), "each receipt on its own is still genuine"


def test_an_entry_removed_from_disk_is_detected(store: EvidenceStore, service: FakeService) -> None:
    for choice in ("X1", "X2", "X3"):
        store.add_receipt(service.receipt(choice, False))
    lines = _lines(store)
    _rewrite(store, [lines[0], lines[2]])
    assert store.verify([service.key]).first_broken_index == 1


def test_a_signature_by_an_unknown_key_is_not_valid(
    store: EvidenceStore, service: FakeService
) -> None:
    store.add_receipt(service.receipt("X1", False))
    stranger = FakeService()
    verdict = store.verify([stranger.key])
    assert verdict.chain_intact and verdict.invalid_signatures == (0,)
    assert store.verify([]).invalid_signatures == (0,)


def test_a_receipt_whose_shown_value_differs_from_its_signed_payload_is_not_valid(
    store: EvidenceStore, service: FakeService
) -> None:
    genuine = service.receipt("X2", False)
    body = {
        "id": genuine.id,
        "issued_at": genuine.issued_at.isoformat(),
        "choice_id": "X2",
        "value": True,  # beside the payload, which is signed and says False
        "payload": genuine.payload,
        "signature": genuine.signature,
        "key_id": genuine.key_id,
    }
    store.add(CONSENT_RECEIPT, body, "2026-11-02T09:00:00Z")
    verdict = store.verify([service.key])
    assert verdict.chain_intact and verdict.invalid_signatures == (0,)


def test_a_damaged_line_is_named_and_nothing_is_written_over_it(
    store: EvidenceStore, service: FakeService
) -> None:
    for choice in ("X1", "X2", "X3"):
        store.add_receipt(service.receipt(choice, False))
    lines = _lines(store)
    lines[1] = lines[1][: len(lines[1]) // 2]  # a half-written line
    _rewrite(store, lines)
    before = store.path.read_bytes()

    with pytest.raises(EvidenceDamaged) as damaged:
        store.entries()
    assert damaged.value.line_number == 2
    with pytest.raises(EvidenceDamaged):
        store.add_receipt(service.receipt("X4", True))
    with pytest.raises(EvidenceDamaged):
        store.add_acknowledgement("r", "access", "received", "2026", "2026")
    with pytest.raises(EvidenceDamaged):
        store.export_bundle(store.path.parent / "out.zip", [service.key])
    assert store.path.read_bytes() == before


def test_a_line_that_is_json_but_not_an_entry_is_damage_too(store: EvidenceStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"index": 0, "kind": "consent_receipt"}\n', encoding="utf-8")
    with pytest.raises(EvidenceDamaged) as damaged:
        store.verify([])
    assert damaged.value.line_number == 1


def test_setting_a_damaged_file_aside_keeps_it_and_starts_a_fresh_log(
    store: EvidenceStore, service: FakeService
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text("not json at all\n", encoding="utf-8")

    aside = store.set_aside_damaged()

    assert aside is not None and aside.read_text(encoding="utf-8") == "not json at all\n"
    assert store.entries() == []
    entry = store.add_receipt(service.receipt("X1", False))
    assert entry is not None and entry.index == 0


def test_adding_from_many_threads_at_once_keeps_one_intact_chain(
    store: EvidenceStore, service: FakeService
) -> None:
    receipts = [service.receipt(f"X{n % 9 + 1}", n % 2 == 0) for n in range(24)]
    threads = [threading.Thread(target=store.add_receipt, args=(receipt,)) for receipt in receipts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = store.verify([service.key])
    assert verdict.entry_count == 24 and verdict.all_good


def test_the_exported_bundle_can_be_checked_with_its_own_files_alone(
    store: EvidenceStore, service: FakeService, tmp_path: Path
) -> None:
    store.add_receipt(service.receipt("X2", False))
    store.add_acknowledgement(
        "req-9", "access", "received", "2026-11-01T10:00:00+00:00", "2026-12-01T10:00:00+00:00"
    )
    store.add_receipt(service.receipt("X2", True))

    bundle_path = store.export_bundle(tmp_path / "saved" / "evidence.zip", [service.key])

    with zipfile.ZipFile(bundle_path) as bundle:
        assert sorted(bundle.namelist()) == [
            "README.txt",
            "consent-records.jsonld",
            "evidence.jsonl",
            "public-keys.json",
            "verification.json",
        ]
        lines = bundle.read("evidence.jsonl").decode("utf-8").splitlines()
        keys = json.loads(bundle.read("public-keys.json"))["keys"]
        readme = bundle.read("README.txt").decode("utf-8")
        verification = json.loads(bundle.read("verification.json"))

    assert "SHA-256" in readme and "Ed25519" in readme and "64 zeros" in readme
    assert verification["all_good"] is True and verification["entry_count"] == 3

    # Check it as a stranger would: only hashlib, cryptography and the bundle's files.
    previous = "0" * 64
    signed = 0
    for position, line in enumerate(lines):
        entry = json.loads(line)
        assert entry["index"] == position
        assert entry["previous_hash"] == previous
        material = {name: entry[name] for name in entry if name != "entry_hash"}
        canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == entry["entry_hash"]
        previous = entry["entry_hash"]
        if entry["kind"] == "consent_receipt":
            body = entry["body"]
            key = next(key for key in keys if key["key_id"] == body["key_id"])
            raw_key = _unb64url(key["public_key"])
            Ed25519PublicKey.from_public_bytes(raw_key).verify(
                _unb64url(body["signature"]), body["payload"].encode("utf-8")
            )
            signed += 1
    assert signed == 2

    # And the same check catches an edit of a signed payload.
    first = json.loads(lines[0])["body"]
    edited = first["payload"].replace('"value":false', '"value":true')
    assert edited != first["payload"]
    with pytest.raises(InvalidSignature):
        Ed25519PublicKey.from_public_bytes(raw_key).verify(
            _unb64url(first["signature"]), edited.encode("utf-8")
        )


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
