"""--demo: the reference service in-process on loopback, with a seeded account.

Imports the server lazily: the app never depends on it otherwise.

Seeding the demo account (months of history, signed receipts, two requests) takes longer
than everything else the demo does at start, so it is done once: the seeded database is
kept as a template in the user's cache folder, named after `demo_database_key` (the schema,
the seed and its parameters), and built again when that changes or when it is older than
TEMPLATE_MAX_AGE (the history is dated relative to the day it was built). Every run starts
from its own copy of the template, so the demo always starts from the seeded state.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATE_MAX_AGE_SECONDS = 24 * 60 * 60
# The requests the template holds are carried out this long after the service started:
# building the copy of the data would otherwise take turns with the app's sign-in and its
# first reads (one interpreter lock for both), and the choices would appear later.
WORKER_FIRST_POLL_AFTER_SECONDS = 2.0
TEMPLATE_PREFIX = "demo-"


@dataclass
class DemoService:
    base_url: str
    email: str
    password: str
    _service: Any
    _workdir: tempfile.TemporaryDirectory[str]

    def stop(self) -> None:
        self._service.stop()
        self._workdir.cleanup()


def demo_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("privacy-desk", appauthor=False)) / "demo"


def start_demo_service(cache_dir: Path | None = None) -> DemoService:
    """Blocking (seconds when the template is built, well under one otherwise): the app
    calls it on a worker, beside its window."""
    try:
        from server.config import Settings
        from server.demo import DEMO_EMAIL, DEMO_PASSWORD
        from server.embedded import EmbeddedService
    except ImportError as error:  # installed without the [server] extra
        raise RuntimeError(
            "demo mode needs the service: pip install 'privacy-desk[server]'"
        ) from error

    template = demo_template(cache_dir or demo_cache_dir())
    workdir = tempfile.TemporaryDirectory(prefix="privacy-desk-demo-")
    database = Path(workdir.name) / "demo.sqlite3"
    shutil.copyfile(template, database)
    service = EmbeddedService(
        Settings(database_url=f"sqlite:///{database}", export_dir=Path(workdir.name) / "exports"),
        with_worker=True,  # carries out the requests the template holds
        worker_first_poll_after=WORKER_FIRST_POLL_AFTER_SECONDS,
    )
    base_url = service.start(migrate=False)  # the template is at the schema its key names
    return DemoService(base_url, DEMO_EMAIL, DEMO_PASSWORD, service, workdir)


def demo_template(cache_dir: Path) -> Path:
    """The seeded demo database for this schema and seed, built first if need be."""
    from server.demo import demo_database_key

    template = cache_dir / f"{TEMPLATE_PREFIX}{demo_database_key()}.sqlite3"
    with contextlib.suppress(OSError):
        if time.time() - template.stat().st_mtime < TEMPLATE_MAX_AGE_SECONDS:
            return template
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="building-", dir=cache_dir) as building:
        database = Path(building) / "demo.sqlite3"
        _build_template(database, Path(building) / "exports")
        os.replace(database, template)  # whole or not at all, also with two demos at once
    for stale in cache_dir.glob(f"{TEMPLATE_PREFIX}*.sqlite3"):
        if stale != template:
            with contextlib.suppress(OSError):
                stale.unlink()
    return template


def _build_template(database: Path, export_dir: Path) -> None:
    from server.config import Settings
    from server.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo
    from server.embedded import EmbeddedService

    # No worker: the requests stay queued in the template, and each run's worker carries
    # them out, so that every run shows them being handled.
    service = EmbeddedService(Settings(database_url=f"sqlite:///{database}", export_dir=export_dir))
    base_url = service.start()
    try:
        seed_demo(service.database, service.settings)
        file_demo_requests(base_url, DEMO_EMAIL, DEMO_PASSWORD)
    finally:
        service.stop()  # closes every connection: the file holds everything


def file_demo_requests(base_url: str, email: str, password: str) -> None:
    """A copy of the data and a correction, filed through the real API as the app would;
    the in-process worker carries them out, so the Requests page has something to show."""
    from app.api.client import PrivacyClient
    from app.core.requests import RequestKind

    client = PrivacyClient(base_url)
    token = client.password_grant(email, password).access_token
    if client.requests(token):
        return
    client.file_request(token, "demo-access", RequestKind.ACCESS, {})
    client.file_request(
        token,
        "demo-correction",
        RequestKind.CORRECTION,
        {"field": "username", "proposed_value": "Demo Viewer", "reason": "That is my name."},
    )
