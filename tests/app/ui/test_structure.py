"""A familiar structure: sidebar icons in both themes, values that end in "…" with the
whole value at hand, choice-card footers in one look, charts that keep their month labels,
related settings in one box."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from unittest.mock import patch

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.core.catalog import Choice
from app.core.choices import ChoiceValue
from app.flows.choices import CardView, Phase
from app.ui.main_window import SIDEBAR, SIDEBAR_ICON_SIZE, sidebar_icon
from app.ui.theme import apply_theme
from app.ui.widgets.choice_card import ChoiceCard
from app.ui.widgets.collection_chart import month_labels
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.setting_card import SettingCard, SettingGroup

CHOICE = Choice("X1", "Share playback statistics", "Apps report plays.", True, ("C5", "C6"))
CHANGED = ChoiceValue("X1", True, datetime(2026, 11, 30, 12, 0, tzinfo=UTC))


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    apply_theme(qapp, request.param)
    yield qapp.palette()
    apply_theme(qapp, "light")


def _painted_colours(icon: QIcon, mode: QIcon.Mode) -> set[str]:
    image = icon.pixmap(SIDEBAR_ICON_SIZE, SIDEBAR_ICON_SIZE, mode).toImage()
    colours = set()
    for x in range(image.width()):
        for y in range(image.height()):
            colour = image.pixelColor(x, y)
            if colour.alpha() == 255:
                colours.add(colour.name())
    return colours


def test_every_page_in_the_sidebar_has_an_icon_in_both_themes(palette: QPalette) -> None:
    for name in SIDEBAR:
        assert not sidebar_icon(name, palette).isNull(), name


def test_without_an_icon_theme_our_own_icons_are_drawn_in_the_themes_text_colour(
    palette: QPalette,
) -> None:
    """Windows and macOS have no freedesktop icon theme: the bundled SVGs stand in, in the
    text colour (visible on a dark window too) and white-on-blue when selected."""
    with patch.object(QIcon, "fromTheme", return_value=QIcon()):
        for name in SIDEBAR:
            icon = sidebar_icon(name, palette)
            assert not icon.isNull(), f"no bundled icon for {name}"
            text = palette.color(QPalette.ColorRole.WindowText).name()
            selected = palette.color(QPalette.ColorRole.HighlightedText).name()
            assert _painted_colours(icon, QIcon.Mode.Normal) == {text}, name
            assert _painted_colours(icon, QIcon.Mode.Selected) == {selected}, name


def test_a_value_too_long_for_its_label_ends_in_an_ellipsis_and_is_whole_in_its_tooltip(
    qtbot: QtBot,
) -> None:
    value = "Identifiers, customer records, commercial information, internet activity"
    label = ElidedLabel(value)
    qtbot.addWidget(label)
    label.resize(120, label.sizeHint().height())
    label.show()
    qtbot.waitExposed(label)

    assert label.is_elided()
    assert label.shown_text().endswith("…")
    assert value.startswith(label.shown_text()[:-1])
    assert value in label.toolTip()
    assert label.accessibleDescription() == value
    assert label.minimumSizeHint().width() < 120, "it never holds the window wide"

    label.resize(QFontMetrics(label.font()).horizontalAdvance(value) + 20, label.height())
    assert not label.is_elided()
    assert label.shown_text() == value
    assert label.toolTip() == ""


def _footer_buttons(card: ChoiceCard) -> list[QPushButton]:
    buttons = [*card.category_links.values(), card.what_it_sends_button, card.receipt_button]
    return [button for button in buttons if button is not None and button.isVisible()]


def test_a_choice_cards_footer_is_one_row_of_alike_buttons_from_the_left(qtbot: QtBot) -> None:
    card = ChoiceCard(
        CHOICE, {"C5": "How your media is played", "C6": "What you watch"}, shows_what_it_sends=True
    )
    qtbot.addWidget(card)
    card.resize(900, card.sizeHint().height())
    card.show_view(CardView("X1", True, Phase.SYNCED, CHANGED), str)
    card.show()
    qtbot.waitExposed(card)

    buttons = _footer_buttons(card)
    assert len(buttons) == 4, "two categories, what this sends, the receipt"
    assert len({button.height() for button in buttons}) == 1
    assert len({QFont(button.font()).toString() for button in buttons}) == 1
    assert len({button.styleSheet() for button in buttons}) == 1
    assert all(button.isFlat() for button in buttons)
    assert len({button.geometry().center().y() for button in buttons}) == 1, "one row"
    # Left-aligned, each as wide as its words: no short word centred in a wide box.
    about = next(label for label in card.findChildren(QLabel) if label.text() == "About:")
    assert about.geometry().left() == card.title.geometry().left()
    assert buttons[0].geometry().left() - about.geometry().right() < 16
    # The room left over is at the end of the row, not spread between the buttons.
    assert buttons[-1].geometry().right() < card.width() - 200
    gaps = [b.geometry().left() - a.geometry().right() for a, b in itertools.pairwise(buttons)]
    assert gaps[0] == gaps[2], "the same gap between categories as between actions"
    assert gaps[1] > gaps[0], "the card's own actions stand apart from its categories"
    for button in buttons:
        words = QFontMetrics(button.font()).horizontalAdvance(button.text())
        assert button.width() - words <= 20, button.text()


def test_a_receipt_that_does_not_exist_yet_is_no_faint_button(qtbot: QtBot) -> None:
    card = ChoiceCard(CHOICE, shows_what_it_sends=True)
    qtbot.addWidget(card)
    card.show_view(CardView("X1", True, Phase.SYNCED, ChoiceValue("X1", True, None)), str)
    card.show()
    qtbot.waitExposed(card)

    assert not card.receipt_button.isVisible()
    assert card.status.text() == "Default setting, never changed"

    card.show_view(CardView("X1", True, Phase.SYNCED, CHANGED), str)
    assert card.receipt_button.isVisible()
    assert card.receipt_button.isEnabled()


def test_a_narrow_chart_labels_fewer_months_but_always_the_newest(qapp: QApplication) -> None:
    months = [(f"{2025 + (m // 12)}-{m % 12 + 1:02d}", 5) for m in range(24)]
    metrics = QFontMetrics(qapp.font())
    wide = month_labels(months, 40.0, metrics)
    narrow = month_labels(months, 8.0, metrics)

    assert 1 <= len(narrow) < len(wide)
    assert narrow[-1][0] == len(months) - 1, "the newest month is labelled"
    widest = max(metrics.horizontalAdvance(text) for _position, text in narrow)
    positions = [position for position, _text in narrow]
    gaps = [(b - a) * 8.0 for a, b in itertools.pairwise(positions)]
    assert all(gap >= widest for gap in gaps), "labels never overlap"


def test_related_settings_share_one_box_and_their_lists_one_width(qtbot: QtBot) -> None:
    short, long = QComboBox(), QComboBox()
    short.addItems(["On", "Off"])
    long.addItems(["Follow the system", "Light", "Dark"])
    group = SettingGroup(
        [
            SettingCard("Language", "The app's language.", [short]),
            SettingCard("Theme", "Light or dark.", [long]),
        ]
    )
    qtbot.addWidget(group)
    group.resize(700, group.sizeHint().height())
    group.show()
    qtbot.waitExposed(group)

    assert group.objectName() == "settingGroup"
    assert [row.objectName() for row in group.rows] == ["settingRow", "settingRow"]
    assert short.width() == long.width()
    assert short.geometry().right() == long.geometry().right()
    # A box: a thin outline in the palette's midlight around rows on its base colour, a
    # line of the outline's colour between the two rows.
    palette = QApplication.palette()
    outline, base = (
        palette.color(QPalette.ColorRole.Midlight),
        palette.color(QPalette.ColorRole.Base),
    )
    image = group.grab().toImage()
    middle_x, middle_y = group.width() // 2, group.rows[0].geometry().center().y()
    assert image.pixelColor(middle_x, 0) == outline
    assert image.pixelColor(0, middle_y) == outline
    assert image.pixelColor(group.width() - 1, middle_y) == outline
    assert image.pixelColor(middle_x, group.height() - 1) == outline
    assert image.pixelColor(group.width() - 4, middle_y) == base
    between = group.rows[0].mapTo(group, group.rows[0].rect().bottomLeft()).y() + 1
    assert image.pixelColor(middle_x, between) == outline
    assert image.pixelColor(middle_x, between + 2) == base
