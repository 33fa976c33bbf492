"""Reading what the service holds about the user: the categories with their counts, one
category's records a page at a time (by cursor), and its records per month for the chart."""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.session import AuthSession
from app.core.catalog import Catalog
from app.core.data import CategorySummary, RecordPage

PAGE_SIZE = 200


@dataclass(frozen=True)
class DataOverview:
    categories: tuple[CategorySummary, ...]
    catalog: Catalog


def load_data_overview(session: AuthSession) -> DataOverview:
    return DataOverview(session.call(session.client.data_summary), session.client.catalog())


def fetch_records(
    session: AuthSession, category: str, cursor: str | None, part: str | None = None
) -> RecordPage:
    """One page of records, for the table model (called on a worker thread)."""
    client = session.client
    return session.call(lambda token: client.records(token, category, cursor, PAGE_SIZE, part))


def fetch_timeline(session: AuthSession, category: str) -> tuple[tuple[str, int], ...]:
    """Records per month, for the chart."""
    client = session.client
    return session.call(lambda token: client.timeline(token, category))
