"""The service in-process: a migrated SQLite file per test, a clock the test moves, two accounts.

Hashing a password with argon2 is slow on purpose, so the two accounts are created once per
session in a template database and every test gets its own copy of that file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.accounts import create_user
from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from tests.server.helpers import START, Account, FakeClock, database_files, sqlite_url

ADA_EMAIL, ADA_PASSWORD = "ada@example.org", "correct horse battery"
BOB_EMAIL, BOB_PASSWORD = "bob@example.org", "another long password"


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("template") / "service.sqlite3"
    url = sqlite_url(path)
    upgrade_to_latest(url)
    database = Database(url)
    settings = Settings(database_url=url, clock=FakeClock(START - timedelta(days=30)))
    try:
        with database.session() as session:
            ids = {
                email: create_user(session, settings, email=email, password=password).id
                for email, password in ((ADA_EMAIL, ADA_PASSWORD), (BOB_EMAIL, BOB_PASSWORD))
            }
    finally:
        database.dispose()
    return path, ids


@pytest.fixture
def database_path(tmp_path: Path, _template: tuple[Path, dict[str, str]]) -> Path:
    """A private copy of the migrated template, holding Ada's and Bob's accounts."""
    template, _ids = _template
    target = tmp_path / "service.sqlite3"
    for source in database_files(template):
        shutil.copyfile(source, target.with_name(source.name.replace(template.name, target.name)))
    return target


@pytest.fixture
def database_url(database_path: Path) -> str:
    return sqlite_url(database_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str, clock: FakeClock) -> Settings:
    return Settings(database_url=database_url, clock=clock)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings, database)) as test_client:
        yield test_client


@pytest.fixture
def ada(_template: tuple[Path, dict[str, str]]) -> Account:
    return Account(_template[1][ADA_EMAIL], ADA_EMAIL, ADA_PASSWORD)


@pytest.fixture
def bob(_template: tuple[Path, dict[str, str]]) -> Account:
    return Account(_template[1][BOB_EMAIL], BOB_EMAIL, BOB_PASSWORD)


@pytest.fixture
def fresh_database_path(tmp_path: Path) -> Path:
    """A path where no database exists yet (for migration and command-line tests)."""
    return tmp_path / "fresh" / "privacy.sqlite3"
