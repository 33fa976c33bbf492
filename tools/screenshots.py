"""Take screenshots of every page, signed in to the demo service: `make screenshots`.

Runs the real app against the embedded demo service, waits for each page to load,
and saves `<out>/<language>-<page>.png`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("PRIVACY_DESK_HOME", "/tmp/privacy-desk-screenshots")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", action="append", choices=("en", "nl"))
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from app.demo import start_demo_service
    from app.ui.style import apply_look

    app = QApplication(sys.argv[:1])
    apply_look(app, args.theme)
    for language in args.lang or ["en", "nl"]:
        # A demo service per language: what one language's pictures change (an agent
        # allowed, a GPC signal) is not in the other's.
        demo = start_demo_service()
        try:
            for path in _shoot_every_page(demo, language, out):
                print(path)
        finally:
            demo.stop()
        print(_shoot_a_refused_certificate(language, out))
    return 0


def _shoot_a_refused_certificate(language: str, out: Path) -> Path:
    """The sign-in dialog before a service whose certificate comes from an authority this
    computer does not trust (a throwaway one, made here with tests/support/certificates.py)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.local.paths import AppPaths
    from app.ui.desk import DeskApp
    from app.ui.dialogs.sign_in_dialog import SignInDialog
    from app.ui.i18n import Translations
    from server.config import Settings
    from server.embedded import EmbeddedService
    from tests.support.certificates import TestAuthority

    app = QApplication.instance()
    assert app is not None
    translations = Translations(app)
    translations.use(language)
    with tempfile.TemporaryDirectory(prefix="privacy-desk-tls-") as scratch:
        folder = Path(scratch)
        authority = TestAuthority(folder / "ca", "Example Home Server CA")
        service = EmbeddedService(
            Settings(database_url=f"sqlite:///{folder / 'service.sqlite3'}", export_dir=folder),
            tls=authority.issue().tls,
        )
        service.start()
        desk = DeskApp(
            TokenVault(),
            AppPaths(folder / "config", folder / "data", folder / "logs"),
            translations=translations,
            language=language,
            remember_sign_in=False,
        )
        try:
            desk.start()
            dialog = desk.window
            assert isinstance(dialog, SignInDialog)
            _settle(0.5)
            dialog.address.setText(service.base_url)
            QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
            _wait_for(lambda: "SHA-256" in dialog.message.text())
            _settle(0.8)
            path = out / f"{language}-certificate-refused.png"
            dialog.grab().save(str(path))
            dialog.close()
        finally:
            desk.shut_down()
            service.stop()
    translations.use("en")
    return path


def _shoot_every_page(demo: Any, language: str, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.auth.vault import TokenVault
    from app.local.paths import AppPaths
    from app.ui.desk import DeskApp
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    translations = Translations(app)
    translations.use(language)
    desk = DeskApp(
        TokenVault(),
        AppPaths.default(),
        translations=translations,
        language=language,
        remember_sign_in=False,
    )
    desk.start_with_password(demo.base_url, demo.email, demo.password)
    _wait_for(lambda: isinstance(desk.window, MainWindow))
    window = desk.window
    assert isinstance(window, MainWindow)
    _wait_for(lambda: window.choices_page.state.currentIndex() == 1)
    # The viewer reads the downloaded copy lazily: keep it until the pictures are taken.
    scratch = tempfile.TemporaryDirectory(prefix="privacy-desk-copy-")
    _prepare_pages(window, Path(scratch.name))
    saved = []
    for index in range(window.stack.count()):
        window.sidebar.setCurrentRow(index)
        _settle(0.8)
        name = window.stack.widget(index).objectName() or f"page{index}"
        path = out / f"{language}-{name}.png"
        window.grab().save(str(path))
        saved.append(path)
    saved.extend(_shoot_an_overdue_request(window, demo, language, out))
    saved.extend(_shoot_agents_and_gpc(window, demo, language, out))
    window.close()
    scratch.cleanup()
    translations.use("en")
    return saved


def _prepare_pages(window: Any, scratch: Path) -> None:
    """Show each page the way a user who has used the app for a while sees it."""
    from app.api.download import download_export
    from app.core.requests import RequestKind, RequestStatus

    session = window.session
    client = session.client

    def copy_ready() -> bool:
        requests = session.call(client.requests)
        return any(
            r.kind is RequestKind.ACCESS and r.status is RequestStatus.COMPLETED for r in requests
        )

    _wait_for(copy_ready, timeout=60)
    window.requests_page.reload()
    access = next(r for r in session.call(client.requests) if r.kind is RequestKind.ACCESS)
    scratch.mkdir(parents=True, exist_ok=True)
    copy = download_export(
        client, lambda: session.call(lambda token: token), access.id, scratch / "copy.zip"
    )
    window.copy_page.open_copy(copy.path)
    window.history_page.verify()
    data_page = getattr(window, "data_page", None)
    if data_page is not None:
        _wait_for(lambda: data_page.state.currentIndex() == 1)
        data_page.select_category("C5")
        _wait_for(lambda: data_page.records_pane.records.rowCount() > 0)
    _settle(3.0)


def _an_overdue_request(demo: Any) -> str:
    """A correction the service has sat on for 75 days, past its extended deadline: put
    straight into the demo's database (no job for it, so the demo's worker leaves it)."""
    import json
    from datetime import UTC, datetime, timedelta

    from server.accounts import find_user_by_email
    from server.db.models import PrivacyRequest, RequestEvent

    now = datetime.now(UTC)
    received = now - timedelta(days=75)
    with demo._service.database.session() as session:
        user = find_user_by_email(session, demo.email)
        assert user is not None
        request = PrivacyRequest(
            user_id=user.id,
            idempotency_key="screenshot-overdue",
            kind="correction",
            status="in_progress",
            received_at=received,
            due_at=now - timedelta(days=14),
            extension_reason="Many requests reached us at once after the new release.",
            details=json.dumps(
                {
                    "field": "username",
                    "proposed_value": "demo-user",
                    "reason": "I changed my name",
                    "extension_months": 1,
                }
            ),
        )
        session.add(request)
        session.flush()
        for status, at, note in (
            ("received", received, "Filed from your signed-in account."),
            ("verifying", received, "Identity check: signed in as the account holder."),
            (
                "in_progress",
                received + timedelta(minutes=1),
                "Identity confirmed: filed by the signed-in account holder. Work has started.",
            ),
            (
                "in_progress",
                received + timedelta(days=20),
                f"Deadline extended by 1 month(s) to {now - timedelta(days=14):%Y-%m-%d}: "
                "Many requests reached us at once after the new release.",
            ),
        ):
            session.add(RequestEvent(request_id=request.id, status=status, at=at, note=note))
        return str(request.id)


def _shoot_an_overdue_request(window: Any, demo: Any, language: str, out: Path) -> list[Path]:
    """The Requests page on an overdue request, and the complaint dialog over it."""
    page = window.requests_page
    request_id = getattr(demo, "_overdue_request", None) or _an_overdue_request(demo)
    demo._overdue_request = request_id
    window.show_page(page)
    page._select_after_load = request_id
    page.reload()
    _wait_for(lambda: page.detail.complain_button.isVisible())
    _settle(0.8)
    shots = [out / f"{language}-requests-overdue.png"]
    window.grab().save(str(shots[0]))
    dialog = page.complain_about_selected()
    _settle(0.8)
    shots.append(out / f"{language}-complaint-dialog.png")
    dialog.grab().save(str(shots[1]))
    dialog.reject()
    return shots


def _shoot_agents_and_gpc(window: Any, demo: Any, language: str, out: Path) -> list[Path]:
    """Settings with an agent the user let file requests, the dialog that does it, and
    a choice a browser's Global Privacy Control signal switched off (card and History)."""
    from datetime import UTC, datetime, timedelta

    import requests
    from PySide6.QtWidgets import QScrollArea

    from app.core.requests import RequestKind
    from server.demo import DEMO_AGENT_ID

    session = window.session
    client = session.client
    until = datetime.now(UTC) + timedelta(days=90)
    session.call(
        lambda token: client.authorise_agent(token, DEMO_AGENT_ID, (RequestKind.ACCESS,), until)
    )
    # What a browser with GPC turned on sends with every call it makes for this account.
    token = session.call(lambda token: token)
    requests.get(
        f"{demo.base_url}/v1/me/choices",
        headers={
            "Authorization": f"Bearer {token}",
            "Sec-GPC": "1",
            "User-Agent": "Firefox/133.0 (Linux)",
        },
        timeout=10,
    ).raise_for_status()
    shots = []

    settings = window.settings_page
    window.show_page(settings)
    settings.reload_agents_and_gpc()
    _wait_for(lambda: settings.agents_model.rowCount() > 0)
    _settle(0.8)
    scroll = settings.findChild(QScrollArea)
    scroll.ensureWidgetVisible(settings.gpc_card, 0, 40)
    scroll.ensureWidgetVisible(settings.agents_heading, 0, 20)
    _settle(0.5)
    shots.append(out / f"{language}-settings-agents.png")
    window.grab().save(str(shots[-1]))

    dialog = settings.open_agent_dialog()
    _settle(0.5)
    dialog.agent_choice.setCurrentIndex(dialog.agent_choice.findData(DEMO_AGENT_ID))
    dialog.access_box.setChecked(True)
    _settle(0.8)
    shots.append(out / f"{language}-agent-dialog.png")
    dialog.grab().save(str(shots[-1]))
    dialog.reject()

    choices = window.choices_page
    window.show_page(choices)
    choices.reload()
    _wait_for(lambda: "X2" in choices.cards and not choices.cards["X2"].switch.isChecked())
    _settle(0.8)
    choices.findChild(QScrollArea).ensureWidgetVisible(choices.cards["X2"], 0, 60)
    _settle(0.5)
    shots.append(out / f"{language}-choices-gpc.png")
    window.grab().save(str(shots[-1]))

    history = window.history_page
    window.show_page(history)
    history.reload()
    history.sync()
    _settle(2.0)
    shots.append(out / f"{language}-history-gpc.png")
    window.grab().save(str(shots[-1]))
    return shots


def _settle(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return
        time.sleep(0.02)
    raise TimeoutError("the app did not reach the expected state")


if __name__ == "__main__":
    sys.exit(main())
