"""Creating and finding accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import User
from server.security import hash_password


class AccountExists(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session, settings: Settings, *, email: str, password: str, username: str = ""
) -> User:
    email = normalise_email(email)
    if "@" not in email:
        raise ValueError("an e-mail address needs an '@'")
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    if find_user_by_email(session, email) is not None:
        raise AccountExists(email)
    user = User(
        email=email,
        username=username or email.split("@", 1)[0],
        password_hash=hash_password(password),
        created_at=settings.clock(),
        choices_version=1,
    )
    session.add(user)
    session.flush()
    return user
