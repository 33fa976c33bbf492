"""StatusPage: icon, title, description and one action — the face of every empty, offline
and failed state, with an icon on every platform."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.api.errors import FailureKind, ServiceError
from app.ui.widgets.page_state import PageState
from app.ui.widgets.status_page import _FALLBACKS, StatusPage, status_icon


def test_an_empty_state_has_an_icon_a_title_and_a_description(qtbot: QtBot) -> None:
    page = StatusPage()
    qtbot.addWidget(page)
    page.show()

    page.show_status("folder-documents", "No receipts yet", "They are kept here.")

    assert page.icon.isVisible() and page.icon.pixmap() is not None
    assert not page.icon.pixmap().isNull()
    assert page.title.isVisible() and page.title.text() == "No receipts yet"
    assert page.description.text() == "They are kept here."
    assert page.text() == "No receipts yet\nThey are kept here."
    assert page.accessibleName() == "No receipts yet"
    assert page.title.font().pointSizeF() > page.description.font().pointSizeF()
    assert page.action is None, "no button until an action is offered"


def test_the_action_is_offered_named_and_reported(qtbot: QtBot) -> None:
    page = StatusPage()
    qtbot.addWidget(page)
    page.show()
    pressed: list[bool] = []
    page.action_requested.connect(lambda: pressed.append(True))

    action = page.set_action("Try again", "Try again to read your requests")
    page.show_status("network-offline", "Offline", "Can't reach the service.", error=True)

    assert action is page.action and page.action is not None
    assert page.action.isVisible() and page.action.text() == "Try again"
    assert page.action.accessibleName() == "Try again to read your requests"
    assert page.description.property("role") == "error"
    page.action.click()
    assert pressed == [True]
    page.set_action("")
    assert not page.action.isVisible()


def test_every_icon_has_a_stand_in_when_the_desktop_has_no_icon_theme(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    for name in ("folder-documents", "network-offline", "dialog-error", "mail-send", "nothing"):
        assert not status_icon(name, widget).isNull(), name


def test_a_status_without_a_title_or_icon_shows_only_its_sentence(qtbot: QtBot) -> None:
    page = StatusPage()
    qtbot.addWidget(page)
    page.show()

    page.show_status("", "", "Loading your requests…")

    assert not page.icon.isVisible() and not page.title.isVisible()
    assert page.description.isVisible() and page.text() == "Loading your requests…"


def test_a_page_that_cannot_reach_the_service_says_so_with_the_offline_face(
    qtbot: QtBot,
) -> None:
    state = PageState(QLabel("rows"), empty_title="No requests yet", empty_icon="mail-send")
    qtbot.addWidget(state)
    state.show()

    state.show_failure(
        ServiceError(FailureKind.OFFLINE), "Can't reach the privacy service.", title="Not shown"
    )

    assert state.status.icon_name() == "network-offline"
    assert state.status.title.text() == "Not shown"
    assert state.retry.isVisible() and state.showing_failure()
    assert not state.empty.isVisible(), "never the empty state for a list not read"

    state.show_failure(ValueError("odd"), "Something unexpected went wrong.")
    assert state.status.icon_name() == "dialog-error"


def test_the_empty_state_of_a_page_is_a_status_page(qtbot: QtBot) -> None:
    state = PageState(
        QLabel("rows"),
        empty_icon="folder-documents",
        empty_title="No receipts yet",
        empty_text="Each receipt is kept here.",
    )
    qtbot.addWidget(state)
    state.show()

    state.show_result(False)

    assert state.empty.isVisible() and state.empty.icon.isVisible()
    assert state.empty.text() == "No receipts yet\nEach receipt is kept here."
    state.show_empty("Nothing of this kind.")
    assert state.empty.title.text() == "No receipts yet"
    assert state.empty.description.text() == "Nothing of this kind."


def test_every_icon_the_app_names_has_its_own_stand_in() -> None:
    """Without an icon theme (Windows, macOS) an icon named nowhere in the stand-ins would
    be the generic information sign: every name the app's code uses is listed."""
    source = Path(__file__).resolve().parents[3] / "app"
    named = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"\b(?:empty_)?icon=\"([a-z-]+)\"", text))
    assert named, "the pattern finds the icons the pages name"
    assert named <= set(_FALLBACKS), sorted(named - set(_FALLBACKS))
