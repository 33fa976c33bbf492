"""The demo account that `make demo` and `privacy-server seed-demo` sign in to."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from server.accounts import create_user, find_user_by_email
from server.config import Settings
from server.db.database import Database
from server.db.models import User
from server.receipts import issue_receipt
from server.seeding import HISTORY, consent_changes, seed_account_history

DEMO_EMAIL = "demo@privacy-desk.example"
DEMO_PASSWORD = "demo-password"
# Enough to page through and to make the summary interesting, small enough that the
# desktop demo starts in about a second. `seed-demo --events 1000000` for scale.
DEFAULT_DEMO_EVENTS = 20_000
DEMO_SEED = 2020


def seed_demo(
    database: Database,
    settings: Settings,
    events: int = DEFAULT_DEMO_EVENTS,
    *,
    seed: int = DEMO_SEED,
) -> User:
    """Create the demo account with its history if it is missing; running it twice changes
    nothing. The account and all its data go in as one transaction, so a run that is
    interrupted leaves no half-seeded account behind for the next run to skip."""
    if events < 0:
        raise ValueError("the number of events cannot be negative")
    with database.session() as session:
        existing = find_user_by_email(session, DEMO_EMAIL)
        if existing is not None:
            return existing
        user = create_user(
            session, settings, email=DEMO_EMAIL, password=DEMO_PASSWORD, username="demo"
        )
        now = settings.clock()
        # The account predates its history, as a real one would.
        user.created_at = now - HISTORY - timedelta(days=14)
        user.choices_version = 1 + len(consent_changes(now))
        session.flush()
        seed_account_history(session.connection(), user.id, now, events=events, seed=seed)
        _sign_consent_history(session, settings, user, now)
        return user


def _stopped_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def _sign_consent_history(session: Session, settings: Settings, user: User, now: datetime) -> None:
    """One signed receipt (C15) per seeded change, dated when the change was made."""
    for change in consent_changes(now):
        at_that_time = dataclasses.replace(settings, clock=_stopped_clock(change.changed_at))
        issue_receipt(
            session,
            at_that_time,
            user,
            change.choice_id,
            change.new_value,
            collection_method="Privacy Desk app"
            if change.client.startswith("Privacy Desk")
            else "app",
            client=change.client,
        )
    session.flush()
