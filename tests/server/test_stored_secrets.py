"""What a stolen copy of the database would give away: no tokens, no passwords."""

from __future__ import annotations

import hashlib
from pathlib import Path

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


def test_tokens_are_stored_only_as_hashes_never_as_themselves(
    client: TestClient, database: Database, database_path: Path, ada: Account
) -> None:
    first = sign_in(client, ada)
    rotated = refresh(client, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()

    with database.session() as session:
        refresh_hashes = set(session.scalars(select(RefreshToken.token_hash)))
        access_hashes = set(session.scalars(select(AccessToken.token_hash)))
    assert refresh_hashes == {_sha256(first["refresh_token"]), _sha256(second["refresh_token"])}
    assert access_hashes == {_sha256(first["access_token"]), _sha256(second["access_token"])}

    database.dispose()  # close the pool so that what was written is in the files on disk
    stored = _stored_bytes(database_path)
    for digest in refresh_hashes | access_hashes:
        # Proof that these bytes are the stored rows, so the absence below means something.
        assert digest.encode("ascii") in stored
    for tokens in (first, second):
        for name in ("access_token", "refresh_token"):
            assert tokens[name].encode("ascii") not in stored, f"{name} stored in the clear"


def test_passwords_are_stored_as_argon2_hashes(
    database: Database, database_path: Path, ada: Account, bob: Account
) -> None:
    with database.session() as session:
        stored = {user.email: user.password_hash for user in session.scalars(select(User))}

    assert set(stored) == {ada.email, bob.email}
    for account in (ada, bob):
        password_hash = stored[account.email]
        assert password_hash.startswith("$argon2id$")
        assert PasswordHasher().verify(password_hash, account.password)
    # Two accounts never share a hash: each has its own salt.
    assert stored[ada.email] != stored[bob.email]
    database.dispose()
    on_disk = _stored_bytes(database_path)
    assert stored[ada.email].encode("ascii") in on_disk
    for account in (ada, bob):
        assert account.password.encode("utf-8") not in on_disk
