"""Creating, finding and locking accounts, and telling a deleted one from one never made."""

from __future__ import annotations

import hashlib

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import DeletionTombstone, User
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


def lock_account(session: Session, user_id: str) -> User | None:
    """Serialise every change to the account's sign-ins on its row, then read it.

    A no-op UPDATE takes the row lock on PostgreSQL (FOR NO KEY UPDATE, so inserting tokens
    that refer to the account still goes ahead) and the write lock on SQLite: whatever this
    transaction reads afterwards is the latest state, and stays so until it commits.
    """
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(plan=User.plan)
        .execution_options(synchronize_session=False)
    )
    return session.get(User, user_id, populate_existing=True)


def email_digest(email: str) -> str:
    """The tombstone's only link to the person: a SHA-256 of the normalised address."""
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


def account_was_deleted(session: Session, email: str) -> bool:
    digest = email_digest(email)
    return (
        session.scalar(
            select(DeletionTombstone.id).where(DeletionTombstone.email_digest == digest).limit(1)
        )
        is not None
    )
