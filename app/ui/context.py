"""What every page is given: the signed-in session, the account's stores, and the one way
to run that session's work (whose "your session has ended" reaches one signal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import QObject

from app.auth.session import AuthSession
from app.local.account_stores import AccountStores
from app.local.evidence_store import EvidenceStore
from app.local.last_seen_choices import LastSeenChoices
from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal
from app.ui.tasks import SessionWatch, run_task

T = TypeVar("T")


@dataclass
class DeskContext:
    session: AuthSession
    paths: AppPaths
    stores: AccountStores
    language: str = "en"
    # Told when any task of this session finds it ended; the desk listens (desk.py).
    session_watch: SessionWatch = field(default_factory=SessionWatch)

    @classmethod
    def signed_in(cls, session: AuthSession, paths: AppPaths, language: str = "en") -> DeskContext:
        """A context with the account's stores opened (once) for this session."""
        return cls(session, paths, AccountStores.open(paths, session.account.vault_key), language)

    @property
    def journal(self) -> PendingChangesJournal:
        return self.stores.journal

    @property
    def last_seen(self) -> LastSeenChoices:
        return self.stores.last_seen

    @property
    def evidence(self) -> EvidenceStore:
        return self.stores.evidence

    def run(
        self,
        owner: QObject,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        *,
        latest: str | None = None,
    ) -> None:
        """`run_task` for work of this session: an ended session is reported to
        `session_watch`, then `on_error` says what the widget wants to say."""
        run_task(owner, work, on_done, on_error, latest=latest, watch=self.session_watch)
