"""Take the screenshots of the app, signed in to the demo service: `make screenshots`.

Runs the real app against the embedded demo service (one per language) and saves, for
English and Dutch (`plan()` lists every file):

- every page in light, `<language>-<page>.png`, and in dark, `<language>-dark-<page>.png`;
- the main dialogs, `<language>-dialog-<name>.png`: the sign-in form, asking for a copy,
  asking for the deletion of the account, a consent receipt, "Forget this device?";
- the window at 800 x 600 (the sidebar icons only), `<language>-narrow-<page>.png`;
- what the user guide shows in a particular state: an overdue request and the complaint
  dialog, an authorised agent and its dialog, choices a GPC signal switched off, and the
  sign-in dialog refusing a certificate this computer does not trust.

`--only 'en-dark-*'` takes the files whose names match (shell-style patterns); `--list`
prints the names and takes none. A run fails if it did not take a file it planned.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "nl")
# The sidebar's pages, top to bottom (app.ui.main_window.SIDEBAR; a test keeps them equal).
PAGES = ("overview", "data", "flows", "choices", "requests", "copy", "history", "settings")
DARK_LANGUAGES = ("en", "nl")
# The main dialogs, each shot over the signed-in window (sign-in: before signing in).
DIALOGS = ("sign-in", "access-request", "deletion-request", "receipt", "forget-device")
# The window as small as a small laptop's screen leaves it: the sidebar shows icons only.
NARROW_SIZE = (800, 600)
NARROW_PAGES = ("overview", "data", "choices")
WINDOW_SIZE = (1120, 800)  # the main window's own size when it opens
# Pictures of the app in a particular state, for the user guide's sections about it.
SCENES = (
    "requests-overdue",
    "complaint-dialog",
    "settings-agents",
    "agent-dialog",
    "choices-gpc",
    "history-gpc",
    "certificate-refused",
)


@dataclass(frozen=True)
class Shot:
    """One picture: `kind` is "page", "dialog", "narrow" or "scene"; `subject` the page,
    dialog or scene it shows."""

    language: str
    kind: str
    subject: str
    theme: str = "light"

    @property
    def file_name(self) -> str:
        prefix = {"page": "", "dialog": "dialog-", "narrow": "narrow-", "scene": ""}[self.kind]
        if self.theme == "dark":
            prefix = "dark-" + prefix
        return f"{self.language}-{prefix}{self.subject}.png"


def plan(languages: Sequence[str] = LANGUAGES) -> list[Shot]:
    """Every picture one run takes."""
    shots: list[Shot] = []
    for language in languages:
        shots += [Shot(language, "page", page) for page in PAGES]
        if language in DARK_LANGUAGES:
            shots += [Shot(language, "page", page, "dark") for page in PAGES]
        shots += [Shot(language, "dialog", name) for name in DIALOGS]
        shots += [Shot(language, "narrow", page) for page in NARROW_PAGES]
        shots += [Shot(language, "scene", name) for name in SCENES]
    return shots


def select(shots: Iterable[Shot], patterns: Sequence[str]) -> list[Shot]:
    """The shots whose file names match one of `patterns` (all of them without any)."""
    return [
        shot
        for shot in shots
        if not patterns or any(fnmatch.fnmatch(shot.file_name, p) for p in patterns)
    ]


class Camera:
    """Saves the planned shots that were asked for, and only those."""

    def __init__(self, out: Path, wanted: Sequence[Shot]) -> None:
        self.out = out
        self.wanted = list(wanted)
        self.taken: list[Shot] = []

    def wants(
        self, language: str, kind: str, subjects: Iterable[str] = (), theme: str = ""
    ) -> bool:
        """Any of these is asked for (any subject of the kind when none are named)."""
        names = set(subjects)
        return any(
            s.language == language
            and s.kind == kind
            and (not names or s.subject in names)
            and (not theme or s.theme == theme)
            for s in self.wanted
        )

    def take(self, widget: Any, shot: Shot) -> None:
        if shot not in self.wanted:
            return
        path = self.out / shot.file_name
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not save {path}")
        self.taken.append(shot)
        print(path, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PATTERN",
        help="take only the files whose names match, e.g. 'en-dark-*' (repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="print the file names, take none")
    args = parser.parse_args()
    languages = tuple(args.lang or LANGUAGES)
    wanted = select(plan(languages), args.only)
    if args.list:
        for shot in wanted:
            print(shot.file_name)
        return 0
    if not wanted:
        parser.error("no planned file matches --only")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))  # the certificate scene uses tests/support

    from PySide6.QtWidgets import QApplication

    from app.ui.style import apply_look

    started = time.monotonic()
    app = QApplication(sys.argv[:1])
    apply_look(app, "light")
    camera = Camera(out, wanted)
    for language in languages:
        mine = [shot for shot in wanted if shot.language == language]
        if any(not _before_sign_in(shot) for shot in mine):
            _shoot_the_signed_in_app(camera, language)
        if any(_before_sign_in(shot) for shot in mine):
            _shoot_sign_in(camera, language)
    missing = [s.file_name for s in wanted if s not in camera.taken]
    if missing:
        raise RuntimeError(f"planned but not taken: {', '.join(missing)}")
    print(f"{len(camera.taken)} screenshots in {time.monotonic() - started:.0f} s", flush=True)
    return 0


def _before_sign_in(shot: Shot) -> bool:
    """Taken of the sign-in dialog, before any main window (`_shoot_sign_in`)."""
    return shot.subject in ("sign-in", "certificate-refused")


# -- the signed-in app ----------------------------------------------------------------------


def _shoot_the_signed_in_app(camera: Camera, language: str) -> None:
    """Signed in to a demo service of its own: what one language's pictures change (an
    agent allowed, a GPC signal) is not in the other's. The app's files go to a temporary
    folder, so that nothing of an earlier run (receipts, settings) shows."""
    from PySide6.QtWidgets import QApplication

    from app.demo import start_demo_service
    from app.ui.i18n import Translations
    from app.ui.main_window import MainWindow

    app = QApplication.instance()
    assert app is not None
    demo = start_demo_service()
    translations = Translations(app)
    translations.use(language)
    with tempfile.TemporaryDirectory(prefix="privacy-desk-screenshots-") as scratch:
        folder = Path(scratch)
        home = os.environ.get("PRIVACY_DESK_HOME")
        os.environ["PRIVACY_DESK_HOME"] = str(folder)  # whatever else asks for AppPaths.default()
        desk = _desk_in(folder, translations, language)
        try:
            desk.start_with_password(demo.base_url, demo.email, demo.password)
            _wait_for(lambda: isinstance(desk.window, MainWindow))
            window = desk.window
            assert isinstance(window, MainWindow)
            _wait_for(lambda: window.choices_page.state.currentIndex() == 1)
            _prepare_pages(window, folder / "copy")
            _shoot_pages(camera, window, language, "light")
            if camera.wants(language, "page", theme="dark"):
                _shoot_pages(camera, window, language, "dark")
            _shoot_dialogs(camera, window, language)
            if camera.wants(language, "narrow"):
                _shoot_narrow(camera, window, language)
            if camera.wants(language, "scene", {"requests-overdue", "complaint-dialog"}):
                _shoot_an_overdue_request(camera, window, demo, language)
            if camera.wants(
                language,
                "scene",
                {"settings-agents", "agent-dialog", "choices-gpc", "history-gpc"},
            ):
                _shoot_agents_and_gpc(camera, window, demo, language)
            window.close()
        finally:
            desk.shut_down()
            demo.stop()
            translations.use("en")
            if home is None:
                os.environ.pop("PRIVACY_DESK_HOME", None)
            else:
                os.environ["PRIVACY_DESK_HOME"] = home


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
    data_page = window.data_page
    _wait_for(lambda: data_page.state.currentIndex() == 1)
    data_page.select_category("C5")
    _wait_for(lambda: data_page.records_pane.records.rowCount() > 0)
    for page in PAGES:  # every page built, and what it loads loaded
        window.show_page_named(page)
    window.show_page_named(PAGES[0])
    _settle(3.0)


def _show(window: Any, page: str, seconds: float = 0.5) -> None:
    """The page, as the user sees it after picking it in the sidebar (which keeps the
    keyboard focus: every picture of a page shows the same focus ring)."""
    window.show_page_named(page)
    shown = window.stack.currentWidget()
    if shown is None or shown.objectName() != page:
        raise RuntimeError(f"the main window has no page named {page!r}")
    window.activateWindow()  # again, after a dialog
    window.sidebar.setFocus()
    _settle(seconds)


def _shoot_pages(camera: Camera, window: Any, language: str, theme: str) -> None:
    """Every page, in the light or the dark look (the one the app opened with: light)."""
    before = _switch_look(window, theme) if theme != "light" else None
    try:
        for page in PAGES:
            shot = Shot(language, "page", page, theme)
            if shot in camera.wanted:
                _show(window, page)
                camera.take(window, shot)
    finally:
        if before is not None:
            _switch_look(window, before)
            _keep_light()  # "Follow the system" on a dark desktop would stay dark
        window.show_page_named(PAGES[0])
        _settle(0.3)


def _keep_light() -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.style import apply_look, current_scheme

    app = QApplication.instance()
    if isinstance(app, QApplication) and current_scheme().name != "light":
        apply_look(app, "light")
        _settle(0.3)


def _switch_look(window: Any, theme: str) -> str:
    """Pick `theme` under Settings › Appearance, as the user does (so the Settings page says
    which one is shown); the app applies it. Returns the setting it had."""
    from PySide6.QtWidgets import QApplication

    from app.ui.style import apply_look, current_scheme

    box = getattr(window.settings_page, "option_boxes", {}).get("theme")
    if box is not None and box.findData(theme) >= 0:
        before = str(box.currentData())
        box.setCurrentIndex(box.findData(theme))
    else:  # no such box: switch the look the way the app does underneath
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        before = current_scheme().name
        apply_look(app, theme)
    _settle(0.5)
    if theme in ("light", "dark") and current_scheme().name != theme:
        raise RuntimeError(f"the app did not switch to its {theme} look")
    return before


def _shoot_dialogs(camera: Camera, window: Any, language: str) -> None:
    """Asking for a copy, asking for the deletion, a consent receipt, forgetting the device."""
    from app.core.requests import RequestKind

    for name, kind in (
        ("access-request", RequestKind.ACCESS),
        ("deletion-request", RequestKind.DELETION),
    ):
        shot = Shot(language, "dialog", name)
        if shot in camera.wanted:
            _show(window, "requests", 0.3)
            dialog = window.requests_page.open_dialog(kind)
            _settle(0.6)
            camera.take(dialog, shot)
            dialog.reject()

    shot = Shot(language, "dialog", "receipt")
    if shot in camera.wanted:
        choices = window.choices_page
        _show(window, "choices", 0.3)
        with_receipt = [i for i, card in choices.cards.items() if card.receipt_button.isEnabled()]
        if not with_receipt:
            raise RuntimeError("no choice has a receipt in the demo")
        choices.show_receipt(with_receipt[0])
        dialog = choices.open_dialog
        _wait_for(lambda: dialog.checked is not None)
        _settle(0.6)
        camera.take(dialog, shot)
        dialog.close()

    shot = Shot(language, "dialog", "forget-device")
    if shot in camera.wanted:
        _show(window, "settings", 0.3)
        _shoot_modal(camera, shot, lambda: _ask_to_forget(window))


def _ask_to_forget(window: Any) -> None:
    from app.ui.desk import ask_to_forget_device

    ask_to_forget_device(window)  # answered "Cancel" by `_shoot_modal`


def _shoot_modal(camera: Camera, shot: Shot, ask: Callable[[], None]) -> None:
    """A question asked with exec(): shot from a timer inside its own event loop, then
    closed with its escape button (Cancel)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    failures: list[BaseException] = []

    def shoot_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, shoot_and_close)
            return
        try:
            _settle(0.5)
            camera.take(box, shot)
        except Exception as error:  # raised again once the question is closed
            failures.append(error)
        finally:
            box.reject()

    QTimer.singleShot(100, shoot_and_close)
    ask()
    if failures:
        raise failures[0]


def _shoot_narrow(camera: Camera, window: Any, language: str) -> None:
    """The window at NARROW_SIZE: narrower than the sidebar's titles allow, so icons only."""
    from PySide6.QtWidgets import QApplication

    width, height = NARROW_SIZE
    for _step in range(3):  # the sidebar turns to icons on the way, letting it narrow further
        window.resize(width, height)
        QApplication.processEvents()
    _wait_for(lambda: window.width() == width and window.height() == height)
    try:
        for page in NARROW_PAGES:
            shot = Shot(language, "narrow", page)
            if shot in camera.wanted:
                _show(window, page)
                camera.take(window, shot)
    finally:
        window.resize(*WINDOW_SIZE)
        window.show_page_named(PAGES[0])
        _settle(0.5)


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


def _shoot_an_overdue_request(camera: Camera, window: Any, demo: Any, language: str) -> None:
    """The Requests page on an overdue request, and the complaint dialog over it."""
    page = window.requests_page
    request_id = _an_overdue_request(demo)
    window.show_page(page)
    page._select_after_load = request_id
    page.reload()
    _wait_for(lambda: page.detail.complain_button.isVisible())
    _settle(0.8)
    camera.take(window, Shot(language, "scene", "requests-overdue"))
    dialog = page.complain_about_selected()
    _settle(0.8)
    camera.take(dialog, Shot(language, "scene", "complaint-dialog"))
    dialog.reject()


def _shoot_agents_and_gpc(camera: Camera, window: Any, demo: Any, language: str) -> None:
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

    settings = window.settings_page
    window.show_page(settings)
    settings.reload_agents_and_gpc()
    _wait_for(lambda: settings.agents_model.rowCount() > 0)
    _settle(0.8)
    scroll = settings.findChild(QScrollArea)
    scroll.ensureWidgetVisible(settings.gpc_card, 0, 40)
    scroll.ensureWidgetVisible(settings.agents_heading, 0, 20)
    _settle(0.5)
    camera.take(window, Shot(language, "scene", "settings-agents"))

    dialog = settings.open_agent_dialog()
    _settle(0.5)
    dialog.agent_choice.setCurrentIndex(dialog.agent_choice.findData(DEMO_AGENT_ID))
    dialog.access_box.setChecked(True)
    _settle(0.8)
    camera.take(dialog, Shot(language, "scene", "agent-dialog"))
    dialog.reject()

    choices = window.choices_page
    window.show_page(choices)
    choices.reload()
    _wait_for(lambda: "X2" in choices.cards and not choices.cards["X2"].switch.isChecked())
    _settle(0.8)
    choices.findChild(QScrollArea).ensureWidgetVisible(choices.cards["X2"], 0, 60)
    _settle(0.5)
    camera.take(window, Shot(language, "scene", "choices-gpc"))

    history = window.history_page
    window.show_page(history)
    history.reload()
    history.sync()
    _settle(2.0)
    camera.take(window, Shot(language, "scene", "history-gpc"))


# -- signing in -----------------------------------------------------------------------------


def _shoot_sign_in(camera: Camera, language: str) -> None:
    """The sign-in form as it opens, then the same dialog before a service whose certificate
    comes from an authority this computer does not trust (a throwaway one, made here with
    tests/support/certificates.py)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

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
        desk = _desk_in(folder, translations, language)
        try:
            desk.start()
            dialog = desk.window
            assert isinstance(dialog, SignInDialog)
            _settle(0.5)
            camera.take(dialog, Shot(language, "dialog", "sign-in"))
            refused = Shot(language, "scene", "certificate-refused")
            if refused in camera.wanted:
                dialog.address.setText(service.base_url)
                QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
                _wait_for(lambda: "SHA-256" in dialog.message.text())
                _settle(0.8)
                camera.take(dialog, refused)
            dialog.close()
        finally:
            desk.shut_down()
            service.stop()
            translations.use("en")


# -- waiting --------------------------------------------------------------------------------


def _desk_in(folder: Path, translations: Any, language: str) -> Any:
    """The app as it starts, its files in `folder`, keeping no sign-in in the keyring."""
    from app.auth.vault import TokenVault
    from app.local.paths import AppPaths
    from app.ui.desk import DeskApp

    return DeskApp(
        TokenVault(),
        AppPaths(folder / "config", folder / "data", folder / "logs"),
        translations=translations,
        language=language,
        remember_sign_in=False,
    )


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
