"""What every page is given: the signed-in session and the app's local stores."""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.session import AuthSession
from app.local.last_seen_choices import LastSeenChoices
from app.local.paths import AppPaths
from app.local.pending_changes import PendingChangesJournal


@dataclass
class DeskContext:
    session: AuthSession
    paths: AppPaths
    journal: PendingChangesJournal
    language: str = "en"

    @property
    def last_seen(self) -> LastSeenChoices:
        return LastSeenChoices(self.paths.last_seen_choices_file)
