"""Settings reads like the desktop's own settings app: related settings are the rows of
one box (a thin line between two rows) under a heading, section after section in a fixed
order, built from plain layouts and the one style sheet. The page is signed in to the real
service, which offers authorised agents and Global Privacy Control."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFrame, QWidget
from pytestqt.qtbot import QtBot

from app.ui.context import DeskContext
from app.ui.pages.settings_page import SettingsPage
from app.ui.theme import apply_theme
from app.ui.widgets.setting_card import SettingCard, SettingGroup

SECTIONS = [
    "Account",
    "Language and appearance",
    "This device",
    "Authorised agents",
    "Global Privacy Control",
    "Notifications",
    "In the background",
    "Where local files live",
    "About Privacy Desk",
]
WAIT = 10_000


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield request.param
    apply_theme(qapp, "light")


def open_settings(qtbot: QtBot, context: DeskContext) -> SettingsPage:
    page = SettingsPage(context, {"language": "en", "theme": "light"})
    qtbot.addWidget(page)
    page.resize(900, 3600)  # every section on screen at once
    page.show()
    qtbot.waitUntil(
        lambda: page.gpc_card.isVisible() and page.licences_card.isVisible(), timeout=WAIT
    )
    return page


def top(page: QWidget, widget: QWidget) -> int:
    return widget.mapTo(page, QPoint(0, 0)).y()


def test_every_setting_is_a_row_of_a_box_under_its_heading_in_reading_order(
    qtbot: QtBot, context: DeskContext
) -> None:
    page = open_settings(qtbot, context)

    assert [section.heading.text() for section in page.sections] == SECTIONS
    assert all(section.heading.objectName() == "sectionTitle" for section in page.sections)
    assert all(section.isVisible() for section in page.sections)
    tops = [top(page, section.heading) for section in page.sections]
    assert tops == sorted(tops), "the sections follow one another down the page"
    for section in page.sections:
        assert top(page, section.heading) < top(page, section.group), section.heading.text()
        assert section.group.objectName() == "settingGroup", "one box per section"
    # Every setting on the page is a row of one of these boxes, none a card of its own.
    rows = {
        id(row): section.heading.text() for section in page.sections for row in section.group.rows
    }
    cards = page.findChildren(SettingCard)
    assert len(cards) == len(rows) >= 20
    for card in cards:
        assert id(card) in rows, card.title.text()
        box = card.parentWidget()
        assert box is not None and isinstance(box.parentWidget(), SettingGroup)
        assert card.objectName() == "settingRow"
    assert rows[id(page.account_card)] == "Account"
    assert rows[id(page.gpc_card)] == "Global Privacy Control"
    assert rows[id(page.agents_card)] == "Authorised agents"
    assert [
        rows[id(card)] for card in (page.version_card, page.keyring_card, page.licences_card)
    ] == ["About Privacy Desk"] * 3
    forget_row = page.forget_button.parentWidget()
    assert rows[id(forget_row)] == "This device"
    assert page.forget_button.property("role") == "destructive"
    assert {rows[id(box.parentWidget())] for box in page.option_boxes.values()} == {
        "Language and appearance"
    }


def test_a_thin_line_parts_two_rows_of_a_box_and_no_widget_has_a_style_sheet_of_its_own(
    qtbot: QtBot, context: DeskContext, scheme: str
) -> None:
    """The lines come from the one style sheet: a style sheet set on a widget makes Qt
    build a style of its own for it and its children, which costs at every build."""
    page = open_settings(qtbot, context)
    midlight = QApplication.palette().color(QPalette.ColorRole.Midlight)

    for section in page.sections:
        lines = section.group.findChildren(QFrame, "rowSeparator")
        assert len(lines) == len(section.group.rows) - 1, section.heading.text()
        image = section.group.grab().toImage()
        for line in lines:
            assert line.height() == 1
            at = line.mapTo(section.group, QPoint(line.width() // 2, 0))
            assert image.pixelColor(at) == midlight, scheme
            assert image.pixelColor(at.x(), at.y() + 2) != midlight, "one line, not a band"
    assert [w for w in page.findChildren(QWidget) if w.styleSheet()] == []
