"""What the app keeps on this computer for one account, opened once the account is known.

Every page, dialog and sync engine of a signed-in session is handed this one set, so two
parts of the app never hold two objects over the same file (each store's lock is the one
that serialises its writes). Opening reads nothing: the files are read by the work that
needs them, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.local.catalog_cache import CatalogCache
from app.local.evidence_store import EvidenceStore, evidence_file_for
from app.local.last_seen_choices import LastSeenChoices
from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal
from app.local.pending_requests import PendingRequests, pending_requests_file


@dataclass(frozen=True)
class AccountStores:
    account_key: str  # the account's vault key: "<service address> <user id>"
    journal: PendingChangesJournal  # choice changes not confirmed yet
    evidence: EvidenceStore  # the hash-chained log of receipts and acknowledgements
    last_seen: LastSeenChoices  # the choices as the service last confirmed them (drift)
    pending_requests: PendingRequests  # filing intents whose outcome is not known yet
    catalog_cache: CatalogCache  # the catalog as last read, to start offline

    @classmethod
    def open(cls, paths: AppPaths, account_key: str) -> AccountStores:
        return cls(
            account_key=account_key,
            journal=PendingChangesJournal(paths.pending_changes_file),
            evidence=EvidenceStore(evidence_file_for(paths, account_key)),
            last_seen=LastSeenChoices(paths.last_seen_choices_file),
            pending_requests=PendingRequests(pending_requests_file(paths)),
            catalog_cache=CatalogCache(paths.catalog_file),
        )
