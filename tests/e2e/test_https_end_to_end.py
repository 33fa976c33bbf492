"""The app and the service over HTTPS, as a user with a self-hosted service meets them
(issue 17): with the service's authority trusted by this computer, sign-in, a choice, a
request and a download that survives a cut connection all work; with a certificate the app
must refuse, the sign-in dialog says which problem it is, opens no browser and stores
nothing, and trusting the authority afterwards is all it takes.

The real service on loopback HTTPS with a throwaway authority, the app in this process on
the real Qt event loop; "this computer trusts the authority" is OpenSSL's store, which the
app reads through truststore (SSL_CERT_FILE)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.ui import browser_sign_in
from app.ui.desk import DeskApp
from app.ui.dialogs.sign_in_dialog import SignInDialog
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, stored_choice, wait_for_choices
from tests.e2e.https_service import (
    CuttingRelay,
    Services,
    browser_trusting,
    trust,
    trust_nothing_of_ours,
)
from tests.e2e.test_copy_viewer import a_ready_copy, download, seed_plays
from tests.support.certificates import IssuedCertificate, TestAuthority, days_from_now, self_signed
from tests.support.memory_keyring import MemoryKeyring
from tests.support.played_browser import PlayedBrowser

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000
# A sentence whose Dutch is known to be there (the older, reasonless certificate message).
A_TRANSLATED_SENTENCE = (
    "The service's security certificate is not trusted, so nothing was sent. "
    "Check the service address."
)


@pytest.fixture
def authority(tmp_path: Path) -> TestAuthority:
    return TestAuthority(tmp_path / "authority")


@pytest.fixture
def services(tmp_path: Path, _service_template: Path) -> Iterator[Services]:
    started = Services(tmp_path / "services", _service_template)
    yield started
    started.stop_all()


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch, authority: TestAuthority) -> PlayedBrowser:
    """The user's browser, which trusts the authority (the administrator saw to that): it
    signs in on the service's page as the test account whenever the app opens it."""
    played = PlayedBrowser(USER_EMAIL, USER_PASSWORD, verify=browser_trusting(authority))
    monkeypatch.setattr(browser_sign_in, "open_in_browser", played)
    return played


@pytest.fixture
def certificate(authority: TestAuthority) -> IssuedCertificate:
    """The service's own certificate, for 127.0.0.1, from the authority."""
    return authority.issue(stem="service")


@pytest.fixture
def relay(services: Services, certificate: IssuedCertificate) -> Iterator[CuttingRelay]:
    """The service with its certificate, reached through a relay that can cut the line
    once, as a flaky network would. Closing the relay ends the app's connections, which
    the service would otherwise wait for when it stops (a TLS goodbye nobody answers)."""
    service = services.start(certificate)
    running = CuttingRelay(service.port)
    yield running
    running.close()


def sign_in_dialog(make_desk: DeskFactory) -> tuple[DeskApp, SignInDialog]:
    desk = make_desk()
    desk.start()
    dialog = desk.window
    assert isinstance(dialog, SignInDialog)
    return desk, dialog


def press_sign_in(qtbot: QtBot, dialog: SignInDialog, address: str) -> None:
    dialog.address.setText(address)
    QTest.mouseClick(dialog.sign_in_button, CLICK)
    assert not dialog.sign_in_button.isEnabled(), "the sign-in is under way"


def refused(qtbot: QtBot, dialog: SignInDialog, address: str) -> str:
    """Sign in at `address`, which the app must refuse: the sentence the dialog shows."""
    press_sign_in(qtbot, dialog, address)
    qtbot.waitUntil(dialog.sign_in_button.isEnabled, timeout=WAIT)
    assert dialog.message.isVisible()
    return dialog.message.text()


def fingerprint_lines(certificate: IssuedCertificate) -> list[str]:
    """The fingerprint as the dialog shows it: two lines of sixteen pairs."""
    pairs = certificate.sha256.split(":")
    return [":".join(pairs[:16]), ":".join(pairs[16:])]


def same_name(shown: str, written: str) -> bool:
    """Two writings of one distinguished name (RFC 4514), whatever the space after a comma."""
    return [part.strip() for part in shown.split(",")] == [
        part.strip() for part in written.split(",")
    ]


def fact(sentence: str, label: str) -> str:
    (line,) = [line for line in sentence.splitlines() if line.startswith(label)]
    return line.removeprefix(label)


def shows_the_certificate(sentence: str, certificate: IssuedCertificate) -> None:
    """The facts a user checks with the administrator, of the certificate actually served."""
    lines = sentence.splitlines()
    assert "SHA-256 fingerprint:" in lines
    assert lines[-2:] == fingerprint_lines(certificate), sentence
    assert same_name(fact(sentence, "Issued to: "), certificate.subject), sentence
    assert same_name(fact(sentence, "Issued by: "), certificate.issuer), sentence


def stays_on_the_dialog_with_nothing_done(
    dialog: SignInDialog, browser: PlayedBrowser, keyring: MemoryKeyring
) -> None:
    assert browser.opened == [], "no browser is opened for a service the app does not trust"
    assert keyring.entries == {}, "nothing is stored"
    assert dialog.isVisible() and dialog.sign_in_button.isEnabled()


def downloaded_copy_matches_the_service(service: EmbeddedService, path: Path) -> None:
    """The file the app saved is, byte for byte, the copy the service made and announced."""
    with service.database.session() as session:
        (stored,) = session.scalars(select(StoredRequest).where(StoredRequest.kind == "access"))
        assert stored.export_file is not None and stored.export_sha256 is not None
        made = Path(stored.export_file)
        announced = stored.export_sha256
    ours = hashlib.sha256(path.read_bytes()).hexdigest()
    assert ours == announced
    assert ours == hashlib.sha256(made.read_bytes()).hexdigest()


# --- the stories ---------------------------------------------------------------------------


def test_with_the_authority_trusted_sign_in_choices_a_request_and_a_cut_download_all_work(
    qtbot: QtBot,
    services: Services,
    make_desk: DeskFactory,
    authority: TestAuthority,
    relay: CuttingRelay,
    browser: PlayedBrowser,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    (service,) = services.started
    trust(monkeypatch, authority)
    desk, dialog = sign_in_dialog(make_desk)

    press_sign_in(qtbot, dialog, relay.url)

    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=WAIT)
    browser.finish()
    assert browser.opened[0].startswith(f"{relay.url}/"), "the service's own page, over HTTPS"
    assert memory_keyring.entries, "the sign-in is kept in the keyring"
    window = desk.window
    assert isinstance(window, MainWindow)
    wait_for_choices(qtbot, window)

    card = window.choices_page.cards["X1"]
    QTest.mouseClick(card.switch, CLICK)
    qtbot.waitUntil(lambda: not card.pending, timeout=WAIT)
    assert card.status.text().startswith("Saved."), card.status.text()
    assert stored_choice(service, USER_EMAIL, "X1") is False

    seed_plays(service, window.session.account.user_id)  # a copy worth cutting in two
    page = window.requests_page
    page.download_dir = tmp_path / "Downloads"
    window.show_page(page)
    page.reload()
    qtbot.waitUntil(page.state.showing_result, timeout=WAIT)
    request, panel = a_ready_copy(qtbot, page, service, tmp_path)
    size = page.selected_request().export.size  # type: ignore[union-attr]
    relay.cut_once_after(size // 2)  # of the service's answer, TLS and headers included

    download(qtbot, panel)

    assert panel.verdict.text().startswith("Verified"), panel.verdict.text()
    assert relay.cuts == 1, "the line was cut halfway through the copy"
    assert relay.connections_after_cut >= 1, "the app came back on a new connection"
    # Resumed: the whole copy passed about once (plus TLS and headers), where starting over
    # after the cut would have made it one and a half times.
    assert relay.to_app_since_armed < size * 5 // 4, (relay.to_app_since_armed, size)
    assert panel.path is not None and panel.path.stat().st_size == size
    downloaded_copy_matches_the_service(service, panel.path)

    QTest.mouseClick(panel.open_button, CLICK)

    viewer = window.copy_page
    qtbot.waitUntil(lambda: viewer.checks is not None, timeout=WAIT)
    files = len(viewer.checks or [])
    assert viewer.verdict.text() == f"All {files} files match the manifest."
    assert request.kind.value == "access"


def test_each_refused_certificate_has_its_own_sentence_and_trusting_the_authority_is_enough(
    qtbot: QtBot,
    services: Services,
    make_desk: DeskFactory,
    authority: TestAuthority,
    certificate: IssuedCertificate,
    relay: CuttingRelay,
    browser: PlayedBrowser,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    good = certificate
    expired = authority.issue(
        stem="expired", not_before=days_from_now(-60), not_after=days_from_now(-2)
    )
    not_yet = authority.issue(
        stem="not-yet", not_before=days_from_now(3), not_after=days_from_now(60)
    )
    elsewhere = authority.issue(("other.example",), stem="elsewhere")
    own = self_signed(tmp_path / "self-signed")
    at = {bad: services.start(bad).base_url for bad in (expired, not_yet, elsewhere, own)}
    at[good] = relay.url
    desk, dialog = sign_in_dialog(make_desk)
    sentences: dict[str, str] = {}

    # The authority trusted: what is wrong is the certificate itself.
    trust(monkeypatch, authority)
    sentences["expired"] = refused(qtbot, dialog, at[expired])
    assert "certificate expired on" in sentences["expired"]
    assert "needs to renew it" in sentences["expired"]
    sentences["not yet valid"] = refused(qtbot, dialog, at[not_yet])
    assert "certificate is only valid from" in sentences["not yet valid"]
    assert "date and time" in sentences["not yet valid"]
    sentences["wrong name"] = refused(qtbot, dialog, at[elsewhere])
    assert "certificate is for other.example, not for 127.0.0.1" in sentences["wrong name"]
    stays_on_the_dialog_with_nothing_done(dialog, browser, memory_keyring)

    # Nothing of ours trusted: who vouches for the certificate is the problem.
    trust_nothing_of_ours(monkeypatch)
    sentences["untrusted"] = refused(qtbot, dialog, at[good])
    assert sentences["untrusted"].startswith(
        "This computer does not trust the service's certificate, so nothing was sent."
    )
    shows_the_certificate(sentences["untrusted"], good)
    sentences["self-signed"] = refused(qtbot, dialog, at[own])
    assert "certificate is self-signed" in sentences["self-signed"]
    shows_the_certificate(sentences["self-signed"], own)
    assert own.subject == own.issuer
    stays_on_the_dialog_with_nothing_done(dialog, browser, memory_keyring)

    assert desk.window is dialog, "still on the sign-in dialog"
    assert len(set(sentences.values())) == 5, sentences
    for sentence in sentences.values():
        assert "nothing was sent" in sentence
        assert "update" not in sentence.lower(), "a certificate is never the app's version"

    # The administrator has the user trust the authority: the same dialog, the same
    # address, and it works; nothing was kept from the refusal, either way.
    trust(monkeypatch, authority)
    press_sign_in(qtbot, dialog, at[good])
    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=WAIT)
    browser.finish()
    assert len(browser.opened) == 1 and browser.opened[0].startswith(f"{at[good]}/")
    assert len(memory_keyring.entries) == 1


def test_the_untrusted_certificate_is_explained_in_dutch_with_the_same_fingerprint(
    qtbot: QtBot,
    services: Services,
    make_desk: DeskFactory,
    authority: TestAuthority,
    browser: PlayedBrowser,
    english: Translations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    certificate = authority.issue()
    address = services.start(certificate).base_url
    trust_nothing_of_ours(monkeypatch)
    _desk, dialog = sign_in_dialog(make_desk)
    in_english = refused(qtbot, dialog, address)

    english.use("nl")
    assert QCoreApplication.translate("Messages", A_TRANSLATED_SENTENCE) != (
        A_TRANSLATED_SENTENCE
    ), "the app speaks Dutch now"
    in_dutch = refused(qtbot, dialog, address)

    assert in_dutch != in_english
    assert in_dutch.splitlines()[0] != in_english.splitlines()[0], "the sentence itself"
    assert in_dutch.splitlines()[-2:] == fingerprint_lines(certificate)
    assert browser.opened == []


def test_an_https_address_where_the_service_speaks_plain_http_is_refused_as_not_secure(
    qtbot: QtBot,
    services: Services,
    make_desk: DeskFactory,
    browser: PlayedBrowser,
    memory_keyring: MemoryKeyring,
) -> None:
    plain = services.start(None)
    assert plain.base_url.startswith("http://")
    _desk, dialog = sign_in_dialog(make_desk)

    sentence = refused(qtbot, dialog, f"https://127.0.0.1:{plain.port}")

    assert sentence.startswith(
        "The app could not set up a secure connection with the service, so nothing was sent."
    )
    assert "Check the service address" in sentence
    stays_on_the_dialog_with_nothing_done(dialog, browser, memory_keyring)
