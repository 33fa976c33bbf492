"""What a stolen copy of the database would give away: no tokens, no passwords.

The rows are checked on every backend. The tests that read the raw bytes of the database
are SQLite-only by design: there the whole database is one file (plus its WAL) that a thief
could copy, and reading those bytes proves no token or password sits anywhere in it, not
just in the columns we thought of. PostgreSQL's storage is the server's business.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.db.database import Database
from server.db.models import AccessToken, RefreshToken, User
from tests.server.helpers import Account, database_files, refresh, sign_in


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored_bytes(database_path: Path) -> bytes:
    files = database_files(database_path)
    assert database_path in files
    return b"".join(path.read_bytes() for path in files)


def _sign_in_and_rotate(client: TestClient, account: Account) -> tuple[dict[str, Any], ...]:
    first = sign_in(client, account)
    rotated = refresh(client, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    return first, rotated.json()


def _stored_token_hashes(database: Database) -> tuple[set[str], set[str]]:
    with database.session() as session:
        refresh_hashes = set(session.scalars(select(RefreshToken.token_hash)))
        access_hashes = set(session.scalars(select(AccessToken.token_hash)))
    return refresh_hashes, access_hashes


def test_tokens_are_stored_only_as_hashes_never_as_themselves(
    client: TestClient, database: Database, ada: Account
) -> None:
    first, second = _sign_in_and_rotate(client, ada)

    refresh_hashes, access_hashes = _stored_token_hashes(database)

    assert refresh_hashes == {_sha256(first["refresh_token"]), _sha256(second["refresh_token"])}
    assert access_hashes == {_sha256(first["access_token"]), _sha256(second["access_token"])}


@pytest.mark.sqlite_only
def test_the_database_file_holds_token_hashes_but_never_the_tokens(
    client: TestClient, database: Database, database_path: Path, ada: Account
) -> None:
    first, second = _sign_in_and_rotate(client, ada)
    refresh_hashes, access_hashes = _stored_token_hashes(database)

    database.dispose()  # close the pool so that what was written is in the files on disk
    stored = _stored_bytes(database_path)

    for digest in refresh_hashes | access_hashes:
        # Proof that these bytes are the stored rows, so the absence below means something.
        assert digest.encode("ascii") in stored
    for tokens in (first, second):
        for name in ("access_token", "refresh_token"):
            assert tokens[name].encode("ascii") not in stored, f"{name} stored in the clear"


def _stored_password_hashes(database: Database) -> dict[str, str]:
    with database.session() as session:
        return {user.email: user.password_hash for user in session.scalars(select(User))}


def test_passwords_are_stored_as_argon2_hashes(
    database: Database, ada: Account, bob: Account
) -> None:
    stored = _stored_password_hashes(database)

    assert set(stored) == {ada.email, bob.email}
    for account in (ada, bob):
        password_hash = stored[account.email]
        assert password_hash.startswith("$argon2id$")
        assert PasswordHasher().verify(password_hash, account.password)
    # Two accounts never share a hash: each has its own salt.
    assert stored[ada.email] != stored[bob.email]


@pytest.mark.sqlite_only
def test_the_database_file_holds_password_hashes_but_never_the_passwords(
    database: Database, database_path: Path, ada: Account, bob: Account
) -> None:
    stored = _stored_password_hashes(database)

    database.dispose()
    on_disk = _stored_bytes(database_path)

    assert stored[ada.email].encode("ascii") in on_disk
    for account in (ada, bob):
        assert account.password.encode("utf-8") not in on_disk
