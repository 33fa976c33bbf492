"""--demo: the reference service in-process on loopback, with a seeded account.

Imports the server lazily: the app never depends on it otherwise.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


def start_demo_service() -> DemoService:
    try:
        from server.config import Settings
        from server.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo
        from server.embedded import EmbeddedService
    except ImportError as error:  # installed without the [server] extra
        raise RuntimeError(
            "demo mode needs the service: pip install 'privacy-desk[server]'"
        ) from error

    workdir = tempfile.TemporaryDirectory(prefix="privacy-desk-demo-")
    database_url = f"sqlite:///{Path(workdir.name) / 'demo.sqlite3'}"
    service = EmbeddedService(
        Settings(database_url=database_url, export_dir=Path(workdir.name) / "exports"),
        with_worker=True,
    )
    base_url = service.start()
    seed_demo(service.database, service.settings)
    file_demo_requests(base_url, DEMO_EMAIL, DEMO_PASSWORD)
    return DemoService(base_url, DEMO_EMAIL, DEMO_PASSWORD, service, workdir)


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
