"""Every page's failure and empty states (issue 18, finding 10), against the real service on
loopback: with the service stopped a page shows the offline face — its icon, a title saying
what could not be done, why, and Try again — never an empty list that was not read; once the
service is back, Try again shows what it holds. A page with nothing to show says so with a
title of its own, and what cannot act there is disabled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.catalog import Catalog
from app.flows.choice_loading import LoadedChoices
from app.flows.your_data import PAGE_SIZE, DataOverview
from app.ui import main_window
from app.ui.context import DeskContext
from app.ui.dialogs.receipt_dialog import ReceiptDialog
from app.ui.dialogs.recent_records_dialog import RecentRecordsDialog
from app.ui.main_window import MainWindow
from app.ui.pages.choices_page import ChoicesPage
from app.ui.pages.data_page import DataPage
from app.ui.pages.flows_page import FlowsPage
from app.ui.pages.overview_page import OverviewPage
from app.ui.widgets.page_state import PageState
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL
from tests.e2e.conftest import DeskFactory, start_signed_in
from tests.e2e.test_data_page import played_for_six_months

CLICK = Qt.MouseButton.LeftButton
WAIT = 15_000
UNREACHABLE = "Can't reach the privacy service"


@pytest.fixture
def no_pages_built_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the pages asked for are built (and loaded): a page shown after the service
    stopped reads it for the first time then."""
    monkeypatch.setattr(main_window, "BUILD_OTHERS_AFTER_MS", 600_000)


def assert_offline_face(state: PageState, title: str) -> None:
    status = state.status
    assert state.currentWidget() is status and status.isVisible()
    assert status.icon_name() == "network-offline"
    assert status.icon.isVisible() and not status.icon.pixmap().isNull()
    assert status.title.isVisible() and status.title.text() == title
    assert UNREACHABLE in status.description.text()
    assert status.description.property("role") == "error"
    assert state.retry.isVisible() and state.retry.text() == "Try again"
    assert not state.empty.isVisible(), "never the empty state for what was not read"


def assert_empty_face(state: PageState, title: str, text: str) -> None:
    empty = state.empty
    assert state.currentWidget() is empty and empty.isVisible()
    assert empty.icon.isVisible() and not empty.icon.pixmap().isNull()
    assert empty.title.isVisible() and empty.title.text() == title
    assert empty.description.text() == text
    assert empty.description.property("role") != "error"


PageT = TypeVar("PageT", bound=QWidget)


def shown(qtbot: QtBot, page: PageT, size: tuple[int, int] | None = None) -> PageT:
    qtbot.addWidget(page)
    if size is not None:
        page.resize(*size)
    page.show()
    return page


def read_while_away(
    qtbot: QtBot,
    live_service: EmbeddedService,
    page: OverviewPage | ChoicesPage | FlowsPage,
    title: str,
) -> None:
    """The service stops, the page reads it: the offline face with `title`."""
    live_service.stop()
    page.reload()
    qtbot.waitUntil(page.state.showing_failure, timeout=WAIT)
    assert_offline_face(page.state, title)


def try_again_once_back(qtbot: QtBot, live_service: EmbeddedService, state: PageState) -> None:
    live_service.restart()
    qtbot.mouseClick(state.retry, CLICK)
    qtbot.waitUntil(lambda: state.currentIndex() == 1, timeout=WAIT)


def signed_in_window(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> MainWindow:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    window.resize(1120, 800)
    return window


# -- the real app: pages shown for the first time while the service is away ---------------


@pytest.mark.usefixtures("no_pages_built_in_the_background")
def test_your_data_says_it_cannot_be_shown_while_the_service_is_away_and_shows_it_once_back(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    window = signed_in_window(qtbot, live_service, make_desk)
    assert "data" not in window.built_pages
    live_service.stop()

    page = window.data_page
    window.show_page(page)
    qtbot.waitUntil(page.state.showing_failure, timeout=WAIT)

    assert_offline_face(page.state, "Your data can't be shown")
    assert not page.category_list.isVisible()

    try_again_once_back(qtbot, live_service, page.state)
    assert page.category_list.isVisible() and page.categories.rowCount() > 0
    qtbot.waitUntil(lambda: page.current is not None, timeout=WAIT)


def test_records_not_read_show_the_offline_face_in_the_table_and_none_held_say_so(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    window = signed_in_window(qtbot, live_service, make_desk)
    page = window.data_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.state.currentIndex() == 1, timeout=WAIT)
    records = page.records_pane

    # Nothing played yet: the service holds no playback records, and says so.
    page.select_category("C5")
    qtbot.waitUntil(lambda: records.table_state.currentIndex() == 2, timeout=WAIT)
    assert_empty_face(
        records.table_state,
        "No records",
        "The service holds no records of this kind about you.",
    )
    assert not records.filter_box.isEnabled(), "nothing to filter"
    assert not records.copy_row_button.isEnabled(), "nothing to copy"

    # The profile, with the service away: its records could not be read, and Try again.
    live_service.stop()
    page.select_category("C1")
    qtbot.waitUntil(records.table_state.showing_failure, timeout=WAIT)
    assert_offline_face(records.table_state, "The records can't be shown")
    assert not records.table.isVisible()
    assert not records.filter_box.isEnabled()
    assert not records.records_retry.isVisible(), "one Try again, on the status page"

    live_service.restart()
    qtbot.mouseClick(records.table_state.retry, CLICK)
    qtbot.waitUntil(lambda: records.records.rowCount() == 1, timeout=WAIT)
    assert records.table.isVisible() and records.filter_box.isEnabled()
    assert records.records_status.text() == "1 record"


def test_a_later_page_of_records_not_read_keeps_the_rows_and_says_why_below_them(
    qtbot: QtBot, live_service: EmbeddedService, context: DeskContext
) -> None:
    played_for_six_months(live_service, USER_EMAIL)
    page = shown(qtbot, DataPage(context), (1100, 760))
    page.reload()
    qtbot.waitUntil(lambda: page.state.currentIndex() == 1, timeout=WAIT)
    records = page.records_pane
    page.select_category("C5")
    qtbot.waitUntil(lambda: records.records.rowCount() == PAGE_SIZE, timeout=WAIT)

    live_service.stop()
    records.table.scrollToBottom()
    qtbot.waitUntil(records.records_retry.isVisible, timeout=WAIT)

    assert records.table.isVisible() and not records.table_state.showing_failure()
    assert records.records.rowCount() == PAGE_SIZE, "the rows read stay"
    assert UNREACHABLE in records.records_status.text()
    assert records.records_status.property("role") == "error"
    assert records.filter_box.isEnabled(), "the rows read can still be filtered"

    qtbot.waitUntil(lambda: not records.records.busy, timeout=WAIT)  # no read on its way
    live_service.restart()
    qtbot.mouseClick(records.records_retry, CLICK)
    qtbot.waitUntil(lambda: records.records.rowCount() > PAGE_SIZE, timeout=WAIT)
    assert not records.records_retry.isVisible()


# -- pages and dialogs on their own, signed in to the real service --------------------------


def test_the_overview_says_it_cannot_be_shown_and_shows_it_once_the_service_is_back(
    qtbot: QtBot, live_service: EmbeddedService, context: DeskContext
) -> None:
    page = shown(qtbot, OverviewPage(context), (1000, 760))
    read_while_away(qtbot, live_service, page, "Your overview can't be shown")
    assert not page.choices_card.isVisible()

    try_again_once_back(qtbot, live_service, page.state)
    assert page.choices_card.isVisible() and page.choices_grid.count() > 0


def test_choices_never_read_say_they_cannot_be_loaded_and_show_once_the_service_is_back(
    qtbot: QtBot, live_service: EmbeddedService, context: DeskContext
) -> None:
    # Fresh storage: no catalog kept from an earlier run.
    page = shown(qtbot, ChoicesPage(context), (1000, 760))
    read_while_away(qtbot, live_service, page, "Your choices can't be loaded")
    assert page.cards == {}

    try_again_once_back(qtbot, live_service, page.state)
    assert len(page.cards) == 9


def test_who_receives_your_data_never_read_says_it_cannot_be_shown_and_shows_it_once_back(
    qtbot: QtBot, live_service: EmbeddedService, context: DeskContext
) -> None:
    # Fresh storage: no catalog kept to draw from.
    page = shown(qtbot, FlowsPage(context), (1000, 760))
    read_while_away(qtbot, live_service, page, "Where your data goes can't be shown")
    assert not page.picture.isVisible() and not page.tree.isVisible()
    assert not page.filter_bar.isVisible()

    try_again_once_back(qtbot, live_service, page.state)
    assert page.picture.isVisible() and page.list_model.rowCount() > 0


def test_the_receipt_dialog_says_the_service_is_away_and_fetches_again(
    qtbot: QtBot, live_service: EmbeddedService, context: DeskContext
) -> None:
    choice = context.session.client.catalog().choice("X2")
    assert choice is not None
    dialog = ReceiptDialog(context, choice)
    qtbot.addWidget(dialog)
    dialog.show()
    live_service.stop()

    dialog.load()
    qtbot.waitUntil(dialog.stack.showing_failure, timeout=WAIT)
    assert dialog.stack.status.icon_name() == "network-offline"
    assert UNREACHABLE in dialog.message.text() and dialog.message.isVisible()
    assert dialog.retry_button.isVisible()

    live_service.restart()
    qtbot.mouseClick(dialog.retry_button, CLICK)
    qtbot.waitUntil(lambda: "no receipt for this choice yet" in dialog.message.text(), timeout=WAIT)
    assert not dialog.retry_button.isVisible()


def test_what_this_sends_says_the_service_is_away_with_the_offline_face(
    qtbot: QtBot, live_service: EmbeddedService, context: DeskContext
) -> None:
    choice = context.session.client.catalog().choice("X1")
    assert choice is not None
    dialog = RecentRecordsDialog(context, choice, "C5", "What you watch", True)
    qtbot.addWidget(dialog)
    dialog.show()
    live_service.stop()

    dialog.load()
    qtbot.waitUntil(dialog.stack.showing_failure, timeout=WAIT)
    assert dialog.stack.status.icon_name() == "network-offline"
    assert UNREACHABLE in dialog.message.text()

    live_service.restart()
    qtbot.mouseClick(dialog.retry_button, CLICK)
    qtbot.waitUntil(
        lambda: dialog.message.text() == "The service has stored nothing of this kind.",
        timeout=WAIT,
    )


# -- nothing to show: what a service that declares nothing gets -----------------------------


@pytest.fixture
def catalog(context: DeskContext) -> Iterator[Catalog]:
    yield context.session.client.catalog()


def test_a_service_listing_no_categories_gets_an_empty_your_data_page(
    qtbot: QtBot, context: DeskContext, catalog: Catalog
) -> None:
    page = shown(qtbot, DataPage(context))

    page._on_loaded(DataOverview((), catalog))

    assert_empty_face(page.state, "No data categories", "The service lists no data categories.")
    assert not page.state.retry.isVisible()


def test_a_service_offering_no_choices_gets_an_empty_choices_page(
    qtbot: QtBot, context: DeskContext, catalog: Catalog
) -> None:
    page = shown(qtbot, ChoicesPage(context))
    without_choices = Catalog(catalog.language, (), catalog.categories)

    page._on_loaded(LoadedChoices(without_choices, None, {}))

    assert_empty_face(page.state, "No privacy choices", "The service offers no choices to change.")


def test_a_service_naming_no_recipients_gets_an_empty_flows_page(
    qtbot: QtBot, context: DeskContext, catalog: Catalog
) -> None:
    page = shown(qtbot, FlowsPage(context))
    without_flows = Catalog(catalog.language, catalog.choices, catalog.categories)

    page.show_flows(without_flows, {})

    assert_empty_face(
        page.state,
        "No recipients listed yet",
        "This service does not say yet who receives your data. Once it does, the picture appears here.",
    )
    assert not page.filter_bar.isVisible()


def test_offline_with_a_kept_catalog_without_flows_shows_the_offline_face(
    qtbot: QtBot, context: DeskContext, catalog: Catalog
) -> None:
    page = shown(qtbot, FlowsPage(context))
    kept = Catalog(catalog.language, catalog.choices, catalog.categories)

    page._on_loaded(LoadedChoices(kept, None, {"X5": True}))

    status = page.state.status
    assert page.state.showing_failure() and status.icon_name() == "network-offline"
    assert status.title.text() == "Where your data goes can't be shown"
    assert status.description.text().startswith("Not connected")
