"""The demo account that `make demo` and `privacy-server seed-demo` sign in to."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
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
# Bump when what the demo account holds changes in a way the sources below do not show (a
# catalog entry the history refers to, say): a desktop demo database built earlier is then
# built again (app/demo.py keeps one per `demo_database_key`).
DEMO_SEED_VERSION = 1
# The demo password is public (printed at start, in the docs): a costly hash would protect
# nothing and cost every demo sign-in a good part of a second. argon2id all the same, at the
# smallest cost argon2 allows; the service reads the cost from the hash it checks.
_DEMO_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_MIGRATIONS = Path(__file__).resolve().parent / "db" / "migrations" / "versions"


def demo_database_key(events: int = DEFAULT_DEMO_EVENTS, *, seed: int = DEMO_SEED) -> str:
    """What a seeded demo database depends on, as a short hash: the schema (every migration),
    the seed (this module, server/seeding.py and DEMO_SEED_VERSION) and its parameters."""
    digest = hashlib.sha256(f"{DEMO_SEED_VERSION} {events} {seed} {DEMO_EMAIL}".encode())
    sources = [
        *sorted(_MIGRATIONS.glob("*.py")),
        Path(__file__),
        Path(__file__).with_name("seeding.py"),
    ]
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


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
        user.password_hash = _DEMO_PASSWORD_HASHER.hash(DEMO_PASSWORD)
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
