"""News shows where the user looks (issue 15), the app against the real service.

- A choice changed elsewhere is pointed out on Overview too, and stays news until a page
  showing it was on screen (or the user dismissed it): reading the service is not seeing.
- A deadline the operator extends while the app runs shows when the user comes back to
  Requests (or presses Refresh), with the reason; the history line counts months in the
  user's language and writes the date the locale's way.
- Text from the service is shown as written: markup in it never becomes formatting or a link.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.api.client import PrivacyClient
from app.core.catalog import Catalog, Choice
from app.core.drift import DriftItem
from app.core.requests import RequestKind
from app.local.last_seen_choices import LastSeenChoices
from app.ui.context import DeskContext
from app.ui.formatting import format_date
from app.ui.main_window import MainWindow
from app.ui.models.requests_model import Column
from app.ui.pages.choices_page import ChoicesPage
from app.ui.plurals import PLURALS
from app.ui.widgets.choice_card import ChoiceCard
from app.ui.widgets.setting_card import SettingCard
from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from server.requests_flow import extend
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.e2e.conftest import DeskFactory, signed_in_context, start_signed_in
from tests.support.memory_keyring import MemoryKeyring

WAIT = 15_000
MARKUP = '<b>Busy</b> <i>season</i>, see <a href="https://example.org">this</a>'


def _turn_off_elsewhere(service: EmbeddedService, choice_id: str) -> None:
    """Another device changes a choice."""
    other = PrivacyClient(service.base_url)
    token = other.password_grant(USER_EMAIL, USER_PASSWORD).access_token
    other.change_choices(token, other.choices(token).etag, {choice_id: False})


def _baseline(context: DeskContext) -> dict[str, bool]:
    return context.last_seen.get(context.session.account.vault_key)


# --- drift ----------------------------------------------------------------------------------


def test_a_change_made_elsewhere_is_pointed_out_on_the_overview_the_app_opens_on(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, first = start_signed_in(qtbot, make_desk, live_service.base_url)
    account = first.session.account.vault_key
    last_seen = LastSeenChoices(first.context.paths.last_seen_choices_file)
    qtbot.waitUntil(lambda: last_seen.get(account).get("X7") is True, timeout=WAIT)
    first.close()
    _turn_off_elsewhere(live_service, "X7")

    desk = make_desk()
    desk.start()  # the stored sign-in: the window opens on Overview
    qtbot.waitUntil(lambda: isinstance(desk.window, MainWindow), timeout=WAIT)
    window = desk.window
    assert isinstance(window, MainWindow)
    assert window.stack.currentWidget() is window.overview_page
    card = window.overview_page.drift_card
    qtbot.waitUntil(lambda: not card.isHidden(), timeout=WAIT)
    assert "Personal recommendations" in card.text.text()
    assert "turned off" in card.text.text()
    # It was on screen: the next start has nothing new to say about it.
    qtbot.waitUntil(lambda: last_seen.get(account).get("X7") is False, timeout=WAIT)
    qtbot.mouseClick(window.overview_page.drift_dismiss, Qt.MouseButton.LeftButton)
    assert card.isHidden()


def test_a_change_made_elsewhere_stays_news_until_the_page_showing_it_is_seen(
    qtbot: QtBot, live_service: EmbeddedService, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    context = signed_in_context(live_service.base_url, memory_keyring, tmp_path)
    session = context.session
    values = session.call(session.client.choices)
    context.last_seen.remember(session.account.vault_key, {v.id: v.value for v in values.values})
    _turn_off_elsewhere(live_service, "X7")

    page = ChoicesPage(context)  # built in the background, never shown
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: bool(page.unseen_drift), timeout=WAIT)
    assert [item.choice_id for item in page.unseen_drift] == ["X7"]
    qtbot.wait(200)  # any write of the baseline would have happened by now
    assert _baseline(context)["X7"] is True, "read from the service is not seen by the user"

    # The user's own change elsewhere on the page is confirmed: only that joins the baseline.
    page.request_change("X5", True)
    qtbot.waitUntil(lambda: _baseline(context).get("X5") is True, timeout=WAIT)
    assert _baseline(context)["X7"] is True

    page.show()  # now the notice is on screen
    qtbot.waitUntil(lambda: _baseline(context)["X7"] is False, timeout=WAIT)
    assert not page.drift_notice.isHidden()
    page.reload()
    qtbot.waitUntil(lambda: page.drift_notice.isHidden(), timeout=WAIT)


def test_dismissing_the_notice_counts_as_seen(
    qtbot: QtBot, live_service: EmbeddedService, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    context = signed_in_context(live_service.base_url, memory_keyring, tmp_path)
    session = context.session
    values = session.call(session.client.choices)
    context.last_seen.remember(session.account.vault_key, {v.id: v.value for v in values.values})
    _turn_off_elsewhere(live_service, "X7")
    page = ChoicesPage(context)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: bool(page.unseen_drift), timeout=WAIT)
    page.dismiss_drift()
    qtbot.waitUntil(lambda: _baseline(context)["X7"] is False, timeout=WAIT)


# --- a deadline extended while the app runs -------------------------------------------------


def _extend(service: EmbeddedService, request_id: str, months: int, reason: str) -> datetime:
    """What `privacy-server extend-request` does."""
    with service.database.session() as session:
        stored = session.get(StoredRequest, request_id)
        assert stored is not None
        return extend(stored, months, reason, now=datetime.now(UTC))


def test_an_extension_made_while_the_app_runs_shows_when_the_user_comes_back(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    session = window.session
    filed = session.call(
        lambda token: session.client.file_request(token, str(uuid.uuid4()), RequestKind.ACCESS, {})
    )
    page = window.requests_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.row_of(filed.id) is not None, timeout=WAIT)
    page.table.selectRow(page.model.row_of(filed.id) or 0)
    qtbot.waitUntil(lambda: format_date(filed.due_at) in page.detail.facts.text(), timeout=WAIT)
    window.show_page(window.overview_page)

    due = _extend(live_service, filed.id, 1, MARKUP)
    window.show_page(page)  # back to Requests: no restart, no waiting a minute
    qtbot.waitUntil(lambda: format_date(due) in page.detail.facts.text(), timeout=WAIT)
    row = page.model.row_of(filed.id)
    assert row is not None
    assert page.model.index(row, Column.DUE).data() == format_date(due)
    assert MARKUP in page.detail.reasons.text()
    assert page.detail.reasons.textFormat() is Qt.TextFormat.PlainText

    # The history line: counted months and the locale's date, not "month(s)" and ISO.
    local_due = QLocale().toString(
        QDate(due.year, due.month, due.day), QLocale.FormatType.ShortFormat
    )
    history = page.detail.history.text()
    assert PLURALS.deadline_extended(1, local_due, MARKUP) in history
    assert f"{due:%Y-%m-%d}" not in history
    assert page.detail.history.textFormat() is Qt.TextFormat.PlainText

    # While the user stays on the page: Refresh.
    assert page.toolbar.refresh_button.accessibleName()
    later = _extend(live_service, filed.id, 1, "Still busy.")
    qtbot.mouseClick(page.toolbar.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: format_date(later) in page.detail.facts.text(), timeout=WAIT)
    assert "Still busy." in page.detail.reasons.text()


def test_the_extension_history_line_uses_the_plural_forms() -> None:
    """A translator's plural forms decide the wording (English: 1 month, 2 months)."""
    from app.ui.plurals import Plurals

    asked: list[int] = []

    class Counting(Plurals):
        def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
            asked.append(n)
            return f"{n} months until %1: %2" if n != 1 else "1 month until %1: %2"

    counting = Counting()
    assert counting.deadline_extended(2, "3-6-25", "<b>x</b>") == "2 months until 3-6-25: <b>x</b>"
    assert asked == [2]


# --- text from the service is plain text everywhere -----------------------------------------


def _labels_showing(root: QWidget, marker: str) -> list[QLabel]:
    return [label for label in root.findChildren(QLabel) if marker in label.text()]


def test_markup_from_the_service_is_shown_as_written_in_every_label(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    # The real service: an extension reason and a correction with markup, on Requests.
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    session = window.session
    filed = session.call(
        lambda token: session.client.file_request(
            token,
            str(uuid.uuid4()),
            RequestKind.CORRECTION,
            {"field": "username", "proposed_value": "<i>ada</i>", "reason": MARKUP},
        )
    )
    _extend(live_service, filed.id, 1, MARKUP)
    page = window.requests_page
    window.show_page(page)
    qtbot.waitUntil(lambda: MARKUP in page.detail.reasons.text(), timeout=WAIT)
    row = page.model.row_of(filed.id)
    assert row is not None
    tooltip = page.model.index(row, Column.DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tooltip and "&lt;b&gt;" in tooltip, "a tooltip shows it as written"

    # The catalog's titles and explanations (choice cards, the drift notice, data details).
    choice = Choice("X7", "<b>Bold</b> title", '<a href="https://e.org">link</a>', True, ("C1",))
    card = ChoiceCard(choice, {"C1": "<i>Cat</i>"})
    qtbot.addWidget(card)
    catalog = Catalog("en", (choice,), ())
    from app.ui.drift_notice import describe_drift  # the notice's words, also on Overview

    title, text = describe_drift([DriftItem("X7", True, False)], catalog)
    notice = SettingCard(title, text)
    qtbot.addWidget(notice)
    window.show_page(window.overview_page)
    for root in (window, card, notice):
        shown = _labels_showing(root, "<")
        wrong = [label.text() for label in shown if label.textFormat() != Qt.TextFormat.PlainText]
        assert wrong == [], wrong
    assert _labels_showing(card, "<b>Bold</b> title")
    assert _labels_showing(notice, "<b>Bold</b> title")
    assert _labels_showing(window, MARKUP)
    # Labels the service's text goes into on the other pages, whatever it holds then.
    data, copy = window.data_page, window.copy_page
    for label in (
        data.details.title,
        data.details.text,
        *data.details.facts.values(),
        data.none_by_design,
        copy.verdict,
        copy.records.category_note,
        copy.records.results_title,
    ):
        assert label.textFormat() is Qt.TextFormat.PlainText


def test_coming_back_to_the_choices_shows_a_change_made_elsewhere_meanwhile(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    card = window.choices_page.cards["X7"]
    assert card.switch.isChecked() is True
    window.show_page(window.overview_page)

    _turn_off_elsewhere(live_service, "X7")
    window.show_page(window.choices_page)  # no restart, no reload button

    qtbot.waitUntil(lambda: card.switch.isChecked() is False, timeout=10_000)
    assert not card.pending, "the service's value, not a change of the user's"
