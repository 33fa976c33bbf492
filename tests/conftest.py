"""Shared fixtures: a real service on loopback, fresh app storage, an in-memory keyring."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from server.config import Settings
from server.embedded import EmbeddedService
from tests.support.memory_keyring import MemoryKeyring

# Hypothesis checks what a property holds, not how fast the machine is: no deadline per
# example and no "generation is slow" failure. On two shared cores a single draw can take a
# second (the first text strategy of a process builds its character tables; CI failed on
# that once). Speed is measured by `make bench`.
settings.register_profile(
    "privacy-desk", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("privacy-desk")

USER_EMAIL = "ada@example.org"
USER_PASSWORD = "correct horse battery"
OTHER_EMAIL = "bob@example.org"
OTHER_PASSWORD = "another long password"


@pytest.fixture(scope="session")
def _service_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the two accounts, made once; each test gets a copy."""
    from server.accounts import create_user
    from server.db.database import Database
    from server.db.migrate import upgrade_to_latest

    path = tmp_path_factory.mktemp("service-template") / "service.sqlite3"
    url = f"sqlite:///{path}"
    upgrade_to_latest(url)
    database = Database(url)
    settings = Settings(database_url=url)
    with database.session() as session:
        create_user(session, settings, email=USER_EMAIL, password=USER_PASSWORD)
        create_user(session, settings, email=OTHER_EMAIL, password=OTHER_PASSWORD)
    database.dispose()  # the last connection closing folds the WAL into the file
    return path


@pytest.fixture
def live_service(tmp_path: Path, _service_template: Path) -> Iterator[EmbeddedService]:
    """The real service over loopback HTTP, on its own SQLite file, with two accounts."""
    path = tmp_path / "service.sqlite3"
    shutil.copyfile(_service_template, path)
    service = EmbeddedService(
        Settings(database_url=f"sqlite:///{path}", export_dir=tmp_path / "exports")
    )
    service.start()
    yield service
    service.stop()


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the app does (app/ui/main_thread_gc.py): no cycle collection on worker threads."""
    import gc

    gc.disable()
    yield
    gc.collect()


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()
