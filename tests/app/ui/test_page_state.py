"""PageState: loading, a failure with Try again, the content, or a real empty state."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.ui.widgets.page_state import PageState


def test_a_page_moves_from_loading_to_its_content_or_its_empty_state(qtbot: QtBot) -> None:
    content = QLabel("rows")
    state = PageState(content, empty_text="Nothing yet.")
    qtbot.addWidget(state)
    state.show()

    state.show_loading("Loading…")
    assert state.message.text() == "Loading…" and not state.retry.isVisible()
    assert not state.showing_result()

    state.show_result(False)
    assert state.empty.isVisible() and state.empty.text() == "Nothing yet."
    assert not content.isVisible() and state.showing_result()

    state.show_result(True)
    assert content.isVisible() and not state.empty.isVisible()


def test_a_failure_is_red_and_offers_try_again(qtbot: QtBot) -> None:
    state = PageState(QLabel())
    qtbot.addWidget(state)
    state.show()
    retried: list[bool] = []
    state.retry_requested.connect(lambda: retried.append(True))

    state.show_error("Can't reach the privacy service.")
    assert state.message.property("role") == "error" and state.retry.isVisible()
    state.retry.click()
    assert retried == [True]

    state.show_loading("Loading…")
    assert state.message.property("role") == ""


def test_a_dialog_says_nothing_there_where_it_says_everything_else(qtbot: QtBot) -> None:
    state = PageState(QLabel(), compact=True, status_name="Records status", retry_name="Retry")
    qtbot.addWidget(state)
    state.show()

    state.show_empty("The service has stored nothing of this kind.")

    assert state.message.text() == "The service has stored nothing of this kind."
    assert state.message.accessibleName() == "Records status"
    assert not state.retry.isVisible() and state.retry.accessibleName() == "Retry"
