"""The demo account that `make demo` and `privacy-server seed-demo` sign in to."""

from __future__ import annotations

from server.accounts import create_user, find_user_by_email
from server.config import Settings
from server.db.database import Database
from server.db.models import User

DEMO_EMAIL = "demo@privacy-desk.example"
DEMO_PASSWORD = "demo-password"


def seed_demo(database: Database, settings: Settings) -> User:
    """Create the demo account if it is missing; running it twice changes nothing."""
    with database.session() as session:
        existing = find_user_by_email(session, DEMO_EMAIL)
        if existing is not None:
            return existing
        return create_user(
            session, settings, email=DEMO_EMAIL, password=DEMO_PASSWORD, username="demo"
        )
