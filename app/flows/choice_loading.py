"""Loading the Privacy choices page: the catalog and the service's values, or (away for a
while) what this computer last knew; and what changed elsewhere since the user last saw it.

Sending a change is the choice-sync engine's (`app/flows/choices.py`); this is the reading.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from app.api.errors import TRANSIENT, ServiceError
from app.auth.session import AuthSession
from app.core.catalog import Catalog
from app.core.choices import ChoiceValues
from app.core.drift import DriftItem, detect_drift
from app.local.catalog_cache import CatalogCache
from app.local.last_seen_choices import LastSeenChoices
from app.local.pending_changes import PendingChangesJournal


@dataclass(frozen=True)
class LoadedChoices:
    """What the page shows: the service's values, or (offline) the last known ones."""

    catalog: Catalog
    values: ChoiceValues | None
    last_known: dict[str, bool]


def load_choices(
    session: AuthSession, cache: CatalogCache, last_seen: LastSeenChoices
) -> LoadedChoices:
    account = session.account
    try:
        catalog = session.client.catalog()
        values = session.call(session.client.choices)
    except ServiceError as error:
        # Away for a while: what this computer knows keeps the page useful.
        known = last_seen.get(account.vault_key) if error.kind in TRANSIENT else {}
        cached = cache.load(account.service_url, session.client.language)
        if not known or cached is None:
            raise
        return LoadedChoices(cached, None, known)
    with contextlib.suppress(OSError):  # a cache that cannot be written costs nothing now
        cache.save(account.service_url, catalog)
    return LoadedChoices(catalog, values, {})


def changed_elsewhere(
    values: ChoiceValues,
    last_seen: LastSeenChoices,
    journal: PendingChangesJournal,
    account_key: str,
) -> list[DriftItem]:
    """What differs from what this app last saw, not counting the user's own unsent
    changes. With nothing to point out, the baseline moves to these values at once; a
    change made elsewhere stays news until the user has seen it."""
    drift = detect_drift(last_seen.get(account_key), values, journal.pending(account_key))
    if not drift:
        last_seen.remember(account_key, {v.id: v.value for v in values.values})
    return drift
