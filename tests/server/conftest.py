"""The service in-process, on SQLite and on PostgreSQL: a fresh migrated database per test, a
clock the test moves, two accounts, passwords hashed with argon2id at the lowest cost.

Every test that uses the database runs twice, `[sqlite]` and `[postgresql]` (select one
with `-k postgresql`). Hashing a password with argon2 is slow on purpose, so the two
accounts are created once per session in a template database per backend, and every test
gets its own copy: a copy of the file on SQLite, `CREATE DATABASE ... TEMPLATE` on
PostgreSQL. The PostgreSQL server is a throwaway one the session starts itself
(tests/support/postgres.py); without PostgreSQL the `[postgresql]` tests fail, they never
skip. A test that is about SQLite files by nature says so with `@pytest.mark.sqlite_only`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from server import security
from server.accounts import create_user
from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from tests.server.helpers import START, Account, FakeClock, database_files, sqlite_url
from tests.support.postgres import (
    ENVIRONMENT_URL,
    PostgresServer,
    PostgresUnavailable,
    SessionPostgres,
)

ADA_EMAIL, ADA_PASSWORD = "ada@example.org", "correct horse battery"
BOB_EMAIL, BOB_PASSWORD = "bob@example.org", "another long password"

BACKENDS = ("sqlite", "postgresql")
SQLITE_ONLY = "sqlite_only"
POSTGRESQL_ONLY = "postgresql_only"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{SQLITE_ONLY}: the test is about SQLite files; it runs on SQLite alone"
    )
    config.addinivalue_line(
        "markers",
        f"{POSTGRESQL_ONLY}: the test is about PostgreSQL's server side; it runs there alone",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that touches the database once per backend."""
    if "database_backend" not in metafunc.fixturenames:
        return
    only_sqlite = metafunc.definition.get_closest_marker(SQLITE_ONLY) is not None
    only_postgresql = metafunc.definition.get_closest_marker(POSTGRESQL_ONLY) is not None
    backends = ("sqlite",) if only_sqlite else ("postgresql",) if only_postgresql else BACKENDS
    metafunc.parametrize("database_backend", backends, ids=backends)


def _seed_accounts(url: str) -> dict[str, str]:
    """Migrate `url` and create Ada's and Bob's accounts in it; their ids by e-mail."""
    upgrade_to_latest(url)
    database = Database(url)
    settings = Settings(database_url=url, clock=FakeClock(START - timedelta(days=30)))
    try:
        with database.session() as session:
            return {
                email: create_user(session, settings, email=email, password=password).id
                for email, password in ((ADA_EMAIL, ADA_PASSWORD), (BOB_EMAIL, BOB_PASSWORD))
            }
    finally:
        database.dispose()


# --- Password hashing at test cost ----------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _argon2_at_test_cost() -> Iterator[None]:
    """argon2id with the smallest cost argon2 allows, for every test of the service.

    The production cost (64 MiB, three passes) makes a password check take a good part of a
    second on a busy two-core machine, on purpose; with hundreds of sign-ins across the two
    backends that would be most of the suite's time. The algorithm, the stored format
    (`$argon2id$...`) and every code path stay the same; only the cost parameters written
    into new hashes are lower. Hashes made at production cost still verify (argon2 reads the
    parameters from the hash).
    """
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(security, "_hasher", cheap)
        patch.setattr(security, "_DUMMY_HASH", cheap.hash("not-a-real-password"))
        yield


# --- PostgreSQL for the session ------------------------------------------------------------


@dataclass
class _SessionPostgresState:
    server: PostgresServer | None = None
    failure: str = ""


def _needs_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is None or callspec.params.get("database_backend") != "sqlite"


@pytest.fixture(scope="session")
def _session_postgres() -> Iterator[_SessionPostgresState]:
    """Starts PostgreSQL once; remembers why it could not, instead of failing everything."""
    postgres = SessionPostgres()
    state = _SessionPostgresState()
    previous = os.environ.get(ENVIRONMENT_URL)
    try:
        state.server = postgres.start()
        # A scratch database for tests that start processes of their own (workers): they
        # find it in the environment they inherit.
        scratch = state.server.new_database_name("scratch")
        os.environ[ENVIRONMENT_URL] = state.server.create_database(scratch)
    except PostgresUnavailable as unavailable:
        state.failure = str(unavailable)
    try:
        yield state
    finally:
        if previous is None:
            os.environ.pop(ENVIRONMENT_URL, None)
        else:
            os.environ[ENVIRONMENT_URL] = previous
        postgres.stop()


@pytest.fixture(scope="session", autouse=True)
def _postgres_when_selected(request: pytest.FixtureRequest) -> None:
    """Start PostgreSQL up front unless every selected server test is a SQLite one, so that
    `PRIVACY_TEST_POSTGRES_URL` is set for tests that only read the environment."""
    here = Path(__file__).parent
    if any(_needs_postgres(item) and here in item.path.parents for item in request.session.items):
        request.getfixturevalue("_session_postgres")


@pytest.fixture(scope="session")
def postgres_server(_session_postgres: _SessionPostgresState) -> PostgresServer:
    """The session's PostgreSQL server; the test fails (never skips) when there is none."""
    if _session_postgres.server is None:
        pytest.fail(f"PostgreSQL is needed for this test: {_session_postgres.failure}")
    return _session_postgres.server


@pytest.fixture(scope="session")
def _postgres_template(
    postgres_server: PostgresServer, _argon2_at_test_cost: None
) -> tuple[str, dict[str, str]]:
    name = postgres_server.new_database_name("template")
    ids = _seed_accounts(postgres_server.create_database(name))
    return name, ids


# --- SQLite --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _template(
    tmp_path_factory: pytest.TempPathFactory, _argon2_at_test_cost: None
) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("template") / "service.sqlite3"
    return path, _seed_accounts(sqlite_url(path))


@pytest.fixture
def database_path(
    tmp_path: Path, _template: tuple[Path, dict[str, str]], database_backend: str
) -> Path:
    """A private copy of the migrated SQLite template, holding Ada's and Bob's accounts."""
    if database_backend != "sqlite":
        pytest.fail(
            "database_path is the SQLite file; a test that needs it is SQLite-only by nature "
            f"and must say so with @pytest.mark.{SQLITE_ONLY}"
        )
    template, _ids = _template
    target = tmp_path / "service.sqlite3"
    for source in database_files(template):
        shutil.copyfile(source, target.with_name(source.name.replace(template.name, target.name)))
    return target


# --- What the tests use --------------------------------------------------------------------


@pytest.fixture
def database_backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgresql"; parametrised by `pytest_generate_tests` above."""
    backend: str = request.param
    return backend


@pytest.fixture
def database_url(database_backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh migrated database holding Ada's and Bob's accounts, on this test's backend."""
    if database_backend == "sqlite":
        yield sqlite_url(request.getfixturevalue("database_path"))
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template, _ids = request.getfixturevalue("_postgres_template")
    name = server.new_database_name()
    url = server.create_database(name, template=template)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def fresh_database_url(
    database_backend: str, fresh_database_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """An empty database nobody migrated yet (for migration and command-line tests)."""
    if database_backend == "sqlite":
        fresh_database_path.parent.mkdir(parents=True, exist_ok=True)
        yield sqlite_url(fresh_database_path)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.new_database_name("fresh")
    url = server.create_database(name)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str, clock: FakeClock, tmp_path: Path) -> Settings:
    # Access copies go to the test's own folder, never the user data dir.
    return Settings(
        database_url=database_url,
        clock=clock,
        export_dir=tmp_path / "exports",
        # The tests sign in with the password grant; the browser sign-in has its own.
        password_grant=True,
    )


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
def _account_ids(database_backend: str, request: pytest.FixtureRequest) -> dict[str, str]:
    """Ada's and Bob's ids in this test's template (each backend's template has its own)."""
    fixture = "_template" if database_backend == "sqlite" else "_postgres_template"
    ids: dict[str, str] = request.getfixturevalue(fixture)[1]
    return ids


@pytest.fixture
def ada(_account_ids: dict[str, str]) -> Account:
    return Account(_account_ids[ADA_EMAIL], ADA_EMAIL, ADA_PASSWORD)


@pytest.fixture
def bob(_account_ids: dict[str, str]) -> Account:
    return Account(_account_ids[BOB_EMAIL], BOB_EMAIL, BOB_PASSWORD)


@pytest.fixture
def fresh_database_path(tmp_path: Path) -> Path:
    """A path where no database exists yet (for migration and command-line tests)."""
    return tmp_path / "fresh" / "privacy.sqlite3"


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Overrides the fixture of tests/conftest.py for the service's tests, which have no GUI
    thread to protect: Python's collector runs as usual, and no test pays for a full
    collection of a heap that holds FastAPI, SQLAlchemy and schemathesis."""
    yield
