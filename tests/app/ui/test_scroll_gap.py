"""A page's column of cards keeps a gap before its scroll bar (issue 18's review: the
cards touched it)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.widgets.page_state import SCROLL_BAR_GAP, scrolling_column


def test_the_cards_end_a_gap_before_the_scroll_bar(qtbot: QtBot) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    cards = [QFrame() for _ in range(6)]
    for card in cards:
        card.setMinimumHeight(120)
        column.addWidget(card)
    scroll = scrolling_column(content, "Cards")
    qtbot.addWidget(scroll)
    scroll.resize(500, 300)
    scroll.show()
    qtbot.waitExposed(scroll)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)

    right_edge = cards[0].mapTo(scroll, QPoint(cards[0].width(), 0)).x()
    assert bar.mapTo(scroll, QPoint(0, 0)).x() - right_edge >= SCROLL_BAR_GAP


def test_the_gap_holds_whatever_the_content_does_with_its_layout_later(qtbot: QtBot) -> None:
    """The Settings page gives its content a layout after making the scrolling column."""
    content = QWidget()
    scroll = scrolling_column(content, "Settings")
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    card = QFrame()
    card.setMinimumHeight(2_000)
    column.addWidget(card)
    qtbot.addWidget(scroll)
    scroll.resize(500, 300)
    scroll.show()
    qtbot.waitExposed(scroll)
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    right_edge = card.mapTo(scroll, QPoint(card.width(), 0)).x()
    assert bar.mapTo(scroll, QPoint(0, 0)).x() - right_edge >= SCROLL_BAR_GAP
