"""Loading the overview: the choices as the service has them (with unsent changes laid
over them), every request, and what changed elsewhere since the user last looked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.auth.session import AuthSession
from app.core.catalog import Catalog
from app.core.choices import ChoiceValues
from app.core.drift import DriftItem, detect_drift
from app.core.requests import PrivacyRequest
from app.local.last_seen_choices import LastSeenChoices
from app.local.pending_changes import PendingChangesJournal


@dataclass(frozen=True)
class OverviewData:
    catalog: Catalog
    values: ChoiceValues
    requests: tuple[PrivacyRequest, ...]
    pending: dict[str, bool]
    synced_at: datetime
    # Choices changed elsewhere since the user last saw them (nothing on a first sync).
    drift: tuple[DriftItem, ...] = ()


def load_overview(
    session: AuthSession,
    journal: PendingChangesJournal,
    last_seen: LastSeenChoices,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> OverviewData:
    client, account = session.client, session.account.vault_key
    values = session.call(client.choices)
    pending = journal.pending(account)
    drift = detect_drift(last_seen.get(account), values, pending)
    return OverviewData(
        catalog=client.catalog(),
        values=values,
        requests=session.call(client.requests),
        pending=pending,
        synced_at=now(),
        drift=tuple(drift),
    )
