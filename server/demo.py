"""The demo account that `make demo` and `privacy-server seed-demo` sign in to."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from server.accounts import create_user, find_user_by_email
from server.config import Settings
from server.db.database import Database
from server.db.models import Agent, User
from server.drp.registry import register_agent
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
DEMO_SEED_VERSION = 2
# An authorised agent (R6) registered on the demo service, so that the demo shows what letting
# an agent file requests looks like. Its key is made from a published seed: on a demo service
# anyone may act as it (tests/support/drp_agent.py can), which is the point of a demo.
DEMO_AGENT_ID = "EXAMPLE_RIGHTS_AGENT"
DEMO_AGENT_NAME = "Example Rights Agent"
DEMO_AGENT_WEB_URL = "https://agent.privacy-desk.example/"
DEMO_AGENT_SEED = hashlib.sha256(b"privacy-desk demo agent").digest()
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
        _register_demo_agent(session, now)
        return user


def demo_agent_verify_key() -> str:
    """The demo agent's Ed25519 public key, base64 (as DRP's directory gives it)."""
    private = Ed25519PrivateKey.from_private_bytes(DEMO_AGENT_SEED)
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _register_demo_agent(session: Session, now: datetime) -> None:
    if session.get(Agent, DEMO_AGENT_ID) is None:
        register_agent(
            session,
            agent_id=DEMO_AGENT_ID,
            name=DEMO_AGENT_NAME,
            verify_key=demo_agent_verify_key(),
            web_url=DEMO_AGENT_WEB_URL,
            callback_prefix="",
            now=now,
        )


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
