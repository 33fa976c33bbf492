"""The evidence log kept up to date from the service, without Qt: everything the service
has is added once, oldest first, and the chain and signatures check out."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.api.errors import FailureKind, ServiceError
from app.core.requests import RequestStatus
from app.flows.evidence import export_evidence, read_evidence, sync_evidence, verify_evidence
from app.local.evidence_store import EvidenceStore
from tests.app.flows.service_fakes import FakeClient, FakeSession, Signer, a_request


@pytest.fixture
def signer() -> Signer:
    return Signer()


@pytest.fixture
def evidence(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "evidence.jsonl")


def test_a_first_sync_keeps_every_receipt_on_every_page_and_every_request_step_in_time_order(
    signer: Signer, evidence: EvidenceStore
) -> None:
    client = FakeClient(
        receipt_pages=[[signer.receipt(90, "X1", False)], [signer.receipt(10, "X2", True)]],
        requests_now=[a_request(1, RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)],
    )

    snapshot = sync_evidence(FakeSession(client), evidence)

    assert snapshot.added == 4 and snapshot.chain.intact
    assert client.calls == ["receipts None", "receipts 1", "requests"]
    kinds = [entry.kind for entry in snapshot.entries]
    # r-10 (00:10), request steps (01:00, 01:01), r-90 (01:30)
    assert kinds == [
        "consent_receipt",
        "request_acknowledgement",
        "request_acknowledgement",
        "consent_receipt",
    ]


def test_syncing_again_adds_nothing_already_kept(signer: Signer, evidence: EvidenceStore) -> None:
    client = FakeClient(receipt_pages=[[signer.receipt(1, "X1", True)]])
    session = FakeSession(client)
    sync_evidence(session, evidence)

    again = sync_evidence(session, evidence)

    assert again.added == 0 and len(again.entries) == 1
    assert read_evidence(evidence).entries == again.entries


def test_a_failed_fetch_keeps_nothing_and_says_why(signer: Signer, evidence: EvidenceStore) -> None:
    client = FakeClient(receipt_pages=[[signer.receipt(1, "X1", True)]])
    client.failure = ServiceError(FailureKind.OFFLINE)

    with pytest.raises(ServiceError):
        sync_evidence(FakeSession(client), evidence)

    assert read_evidence(evidence).entries == []


def test_verifying_checks_the_chain_and_each_signature_with_the_published_keys(
    signer: Signer, evidence: EvidenceStore
) -> None:
    client = FakeClient(receipt_pages=[[signer.receipt(1, "X1", True)]], keys=[signer.public_key()])
    sync_evidence(FakeSession(client), evidence)

    entries, verdict = verify_evidence(client, evidence)  # type: ignore[arg-type]

    assert len(entries) == 1 and verdict.all_good

    client.keys = [Signer().public_key()]  # another key under the same id: not the signer
    _entries, forged = verify_evidence(client, evidence)  # type: ignore[arg-type]
    assert not forged.all_good and list(forged.invalid_signatures) == [0]


def test_the_exported_bundle_is_written_where_the_user_chose(
    signer: Signer, evidence: EvidenceStore, tmp_path: Path
) -> None:
    client = FakeClient(receipt_pages=[[signer.receipt(1, "X1", True)]], keys=[signer.public_key()])
    sync_evidence(FakeSession(client), evidence)

    written = export_evidence(client, evidence, tmp_path / "out" / "evidence.zip")  # type: ignore[arg-type]

    assert written.exists() and written.suffix == ".zip"
