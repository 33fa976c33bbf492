"""The user's evidence log: read it, bring it up to date from the service, check it, export it.

What the History page does, without Qt: every receipt and every request's status history
is fetched from the service and added oldest first (so the hash chain follows what
happened, in order); what is already kept is not added again (EvidenceStore dedupes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from app.api.client import PrivacyClient
from app.auth.session import AuthSession
from app.core.evidence_chain import ChainEntry, ChainVerdict, verify_chain
from app.core.receipts import ConsentReceipt
from app.core.requests import PrivacyRequest
from app.local.evidence_store import (
    Acknowledgement,
    EvidenceStore,
    EvidenceVerdict,
    verify_entries,
)

RECEIPT_PAGE_SIZE = 100


@dataclass(frozen=True)
class EvidenceSnapshot:
    """The log as read in one go, with the chain check that belongs to exactly those rows."""

    entries: list[ChainEntry]
    chain: ChainVerdict
    added: int = 0


def read_evidence(evidence: EvidenceStore) -> EvidenceSnapshot:
    entries = evidence.entries()
    return EvidenceSnapshot(entries, verify_chain(entries))


def sync_evidence(session: AuthSession, evidence: EvidenceStore) -> EvidenceSnapshot:
    """Fetch what the service has, keep what is new, and read the log back."""
    receipts, requests = fetch_everything_new(session)
    added = keep_in_order(evidence, receipts, requests)
    snapshot = read_evidence(evidence)
    return EvidenceSnapshot(snapshot.entries, snapshot.chain, added)


def verify_evidence(
    client: PrivacyClient, evidence: EvidenceStore
) -> tuple[list[ChainEntry], EvidenceVerdict]:
    """Every entry against the chain, every receipt against the service's published keys."""
    keys = client.public_keys()
    entries = evidence.entries()
    return entries, verify_entries(entries, keys)


def export_evidence(client: PrivacyClient, evidence: EvidenceStore, target: Path) -> Path:
    """The bundle a user can hand to anyone: the log, the keys, how to check it."""
    return evidence.export_bundle(target, client.public_keys())


def fetch_everything_new(session: AuthSession) -> tuple[list[ConsentReceipt], list[PrivacyRequest]]:
    """Every receipt (all pages) and every request, as the service has them now."""
    client = session.client
    receipts: list[ConsentReceipt] = []
    cursor: str | None = None
    while True:
        page, cursor = session.call(partial(_receipt_page, client, cursor))
        receipts.extend(page)
        if cursor is None or not page:
            break
    requests = list(session.call(client.requests))
    return receipts, requests


def _receipt_page(
    client: PrivacyClient, cursor: str | None, token: str
) -> tuple[tuple[ConsentReceipt, ...], str | None]:
    return client.receipts(token, cursor, RECEIPT_PAGE_SIZE)


def keep_in_order(
    evidence: EvidenceStore, receipts: list[ConsentReceipt], requests: list[PrivacyRequest]
) -> int:
    """Add what is new, oldest first, so the chain follows what happened, in order."""
    timeline: list[tuple[datetime, ConsentReceipt | Acknowledgement]] = [
        (_utc(receipt.issued_at), receipt) for receipt in receipts
    ]
    for request in requests:
        for event in request.history:
            acknowledgement = Acknowledgement(
                request.id,
                request.kind.value,
                event.status.value,
                request.received_at.isoformat(),
                request.due_at.isoformat(),
            )
            timeline.append((_utc(event.at), acknowledgement))
    timeline.sort(key=lambda step: step[0])
    return len(evidence.add_all(item for _moment, item in timeline))


def _utc(moment: datetime) -> datetime:
    """The service writes UTC; a stamp without an offset is UTC too (and stays sortable)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
