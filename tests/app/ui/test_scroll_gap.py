"""A page's column of cards keeps a gap before its scroll bar (issue 18's review: the
cards touched it)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.widgets.page_state import SCROLL_BAR_GAP, scrolling_column


def gap_before_the_scroll_bar(qtbot: QtBot, scroll: QScrollArea, card: QWidget) -> int:
    """Shown too short for its content: the room between `card`'s right edge and the bar."""
    qtbot.addWidget(scroll)
    scroll.resize(500, 300)
    scroll.show()
    qtbot.waitExposed(scroll)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    right_edge = card.mapTo(scroll, QPoint(card.width(), 0)).x()
    return bar.mapTo(scroll, QPoint(0, 0)).x() - right_edge


def test_the_cards_end_a_gap_before_the_scroll_bar(qtbot: QtBot) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    cards = [QFrame() for _ in range(6)]
    for card in cards:
        card.setMinimumHeight(120)
        column.addWidget(card)
    scroll = scrolling_column(content, "Cards")

    assert gap_before_the_scroll_bar(qtbot, scroll, cards[0]) >= SCROLL_BAR_GAP


def test_the_gap_holds_whatever_the_content_does_with_its_layout_later(qtbot: QtBot) -> None:
    """The Settings page gives its content a layout after making the scrolling column."""
    content = QWidget()
    scroll = scrolling_column(content, "Settings")
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    card = QFrame()
    card.setMinimumHeight(2_000)
    column.addWidget(card)

    assert gap_before_the_scroll_bar(qtbot, scroll, card) >= SCROLL_BAR_GAP
