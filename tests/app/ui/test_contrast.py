"""Every text colour of the app's look is readable on what it is drawn on, in both colour
schemes: WCAG AA, 4.5:1 for text, 3:1 for the focus ring and (as a lower bar) for text
that is disabled. The colours are read from the look as the app applies it (palette and
style sheet, app/ui/style.py), on real widgets, not from constants copied here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.style import set_role
from app.ui.theme import apply_theme

TEXT = 4.5
FOCUS_RING = 3.0
DISABLED_TEXT = 3.0

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# (text, background) pairs of the palette that the widgets draw text with.
PALETTE_TEXT_PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.Window),
    (Role.Link, Role.Base),
    (Role.Link, Role.Window),
    (Role.ToolTipText, Role.ToolTipBase),
]
DISABLED_PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.ButtonText, Role.Window),  # a disabled button is drawn on the window's colour
]


def relative_luminance(colour: QColor) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = linear(colour.red()), linear(colour.green()), linear(colour.blue())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG contrast ratio; a translucent foreground is first laid over its background."""
    if foreground.alphaF() < 1.0:
        alpha = foreground.alphaF()
        foreground = QColor(
            round(foreground.red() * alpha + background.red() * (1 - alpha)),
            round(foreground.green() * alpha + background.green() * (1 - alpha)),
            round(foreground.blue() * alpha + background.blue() * (1 - alpha)),
        )
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_follows_the_wcag_formula() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#ffffff"), QColor("#3584e4")) == pytest.approx(3.77, abs=0.01)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app's look in one scheme, applied as the app applies it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shown = apply_theme(app, request.param)
    assert shown == request.param
    yield shown
    apply_theme(app, "light")


def test_every_palette_text_role_is_readable_on_its_background(scheme: str) -> None:
    palette = QApplication.palette()
    low = []
    for group in (Group.Active, Group.Inactive):
        for text, background in PALETTE_TEXT_PAIRS:
            ratio = contrast(palette.color(group, text), palette.color(group, background))
            if ratio < TEXT:
                low.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
    for text, background in DISABLED_PAIRS:
        ratio = contrast(palette.color(Group.Disabled, text), palette.color(background))
        if ratio < DISABLED_TEXT:
            low.append(f"disabled {text.name} on {background.name}: {ratio:.2f}")
    assert not low, f"{scheme}: " + "; ".join(low)


def test_error_and_pending_sentences_are_readable_on_the_window_and_on_cards(
    qtbot: QtBot, scheme: str
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    card = QFrame()
    card.setObjectName("card")
    card.setMinimumSize(200, 60)
    QVBoxLayout(card)
    layout.addWidget(card)
    window.show()
    qtbot.waitExposed(window)
    card_background = card.grab().toImage().pixelColor(card.width() // 2, card.height() // 2)
    window_background = window.palette().color(Role.Window)
    assert card_background == QApplication.palette().color(Role.Base), "cards are palette base"

    low = []
    for role in ("error", "pending"):
        for parent, background in ((window, window_background), (card, card_background)):
            label = QLabel("Something went wrong.")
            parent_layout = parent.layout()
            assert parent_layout is not None
            parent_layout.addWidget(label)
            set_role(label, role)
            label.ensurePolished()
            colour = label.palette().color(Role.WindowText)
            assert colour != QApplication.palette().color(Role.WindowText), role
            ratio = contrast(colour, background)
            if ratio < TEXT:
                low.append(f"{role} on {parent.objectName() or 'window'}: {ratio:.2f}")
    assert not low, f"{scheme}: " + "; ".join(low)


def test_an_error_sentence_shows_a_sign_before_its_text(qtbot: QtBot, scheme: str) -> None:
    """Colour is not the only signal: the error sign sits in the room left before the text,
    and the text itself is unchanged."""
    plain = QLabel("The service could not be reached.")
    label = QLabel("The service could not be reached.")
    for widget in (plain, label):
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
    set_role(label, "error")  # on a label already on screen, as `say` does
    QApplication.processEvents()
    plain_width = plain.sizeHint().width()
    assert label.text() == "The service could not be reached."
    assert label.sizeHint().width() >= plain_width + 16
    image = label.grab().toImage()
    error = label.palette().color(Role.WindowText)
    sign = [
        image.pixelColor(x, y)
        for x in range(16)
        for y in range(min(16, image.height()))
        if contrast(image.pixelColor(x, y), error) < 1.1
    ]
    assert len(sign) > 40, "the sign is drawn in the error colour"


@pytest.mark.parametrize("role", ["suggested", "destructive"])
def test_suggested_and_destructive_buttons_are_readable(
    qtbot: QtBot, scheme: str, role: str
) -> None:
    plain, marked = QPushButton("Cancel"), QPushButton("Delete my account")
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(plain)
    layout.addWidget(marked)
    set_role(marked, role)
    window.show()
    qtbot.waitExposed(window)
    background = _button_background(marked)
    assert background != _button_background(plain), "the role changes the button's colour"
    text = marked.palette().color(Role.ButtonText)
    assert contrast(text, background) >= TEXT, f"{scheme} {role}"
    # The button stands out from the window it sits on (non-text contrast is 3:1; a red
    # or accent button needs only to be told apart, its text carries the meaning).
    assert contrast(background, window.palette().color(Role.Window)) > 1.5


def test_the_focus_ring_stands_out_from_the_window(qtbot: QtBot, scheme: str) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Sign in")
    QVBoxLayout(window).addWidget(button)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    image = button.grab().toImage()
    middle = button.height() // 2
    ring = [image.pixelColor(x, middle) for x in (0, 1)]
    window_colour = window.palette().color(Role.Window)
    for colour in ring:
        assert contrast(colour, window_colour) >= FOCUS_RING, f"{scheme}: {colour.name()}"


def test_buttons_fields_and_combo_boxes_share_one_height(qtbot: QtBot, scheme: str) -> None:
    from PySide6.QtWidgets import QComboBox, QLineEdit

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    flat = QPushButton("Receipt")
    flat.setFlat(True)
    combo = QComboBox()
    combo.addItems(["Light", "Dark"])
    controls: list[QWidget] = [QPushButton("OK"), flat, combo, QLineEdit("x")]
    for control in controls:
        layout.addWidget(control)
    window.show()
    qtbot.waitExposed(window)
    heights = {type(c).__name__ + str(i): c.height() for i, c in enumerate(controls)}
    assert len(set(heights.values())) == 1, heights
    assert min(heights.values()) >= 30, heights


def _button_background(button: QPushButton) -> QColor:
    """The colour in the button's top padding, clear of its text and its rounded corners."""
    return button.grab().toImage().pixelColor(button.width() // 2, 3)


def lightness(colour: QColor) -> float:
    """CIE L* (0 black to 100 white): how light a colour looks, steps of equal look."""
    y = relative_luminance(colour)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def test_alternate_table_rows_are_told_apart_calmly_and_stay_readable(
    qtbot: QtBot, scheme: str
) -> None:
    """Alternating rows are a guide for the eye, in dark as in light: a step of lightness
    one sees (L* 3 or more, the dark scheme once had 2.4), not a stripe (L* 8 or less)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(4, 2)
    for row in range(4):
        for column in range(2):
            model.setItem(row, column, QStandardItem("x"))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.resize(400, 240)
    table.show()
    qtbot.waitExposed(table)
    image = table.viewport().grab().toImage()
    x = table.viewport().width() - 4  # right of the text
    plain, alternate = (
        image.pixelColor(x, table.rowViewportPosition(row) + table.rowHeight(row) // 2)
        for row in (0, 1)
    )
    assert plain == QApplication.palette().color(Role.Base)
    step = abs(lightness(alternate) - lightness(plain))
    assert 3.0 <= step <= 8.0, f"{scheme}: L* step {step:.1f}"
    text = table.palette().color(Role.Text)
    assert contrast(text, alternate) >= TEXT, f"{scheme}: {contrast(text, alternate):.2f}"


def test_a_forms_labels_are_dimmer_than_its_values_and_still_readable(
    qtbot: QtBot, scheme: str
) -> None:
    """The labels of a request's facts (QLabel "formLabel"), like a card's explanation."""
    from app.ui.widgets.request_detail import RequestFacts

    facts = RequestFacts()
    qtbot.addWidget(facts)
    value = facts.add_row("Received", "6 December 2026")
    facts.show()
    qtbot.waitExposed(facts)
    (label,) = facts.names()
    background = facts.grab().toImage().pixelColor(facts.width() - 1, facts.height() - 1)
    dim = label.palette().color(Role.WindowText)
    assert dim == QApplication.palette().color(Role.PlaceholderText), scheme
    assert dim != value.palette().color(Role.WindowText)
    assert contrast(dim, background) >= TEXT, f"{scheme}: {contrast(dim, background):.2f}"


def _ink_rows(image: QImage, colour: QColor, x_range: range) -> list[int]:
    return [
        y
        for y in range(image.height())
        if any(contrast(image.pixelColor(x, y), colour) < 1.3 for x in x_range)
    ]


def _first_run(rows: list[int]) -> tuple[int, int]:
    end = rows[0]
    while end + 1 in rows:
        end += 1
    return rows[0], end


def _middle(run: tuple[int, int]) -> float:
    return (run[0] + run[1] + 1) / 2


# Capitals only (no descender, no accent): the first line's ink is its capitals' height.
LONG_ERROR = "THE SERVICE HAS NOT ANSWERED IN TIME. TRY AGAIN IN A MINUTE OR LATER TODAY."


@pytest.mark.parametrize("where", ["card", "dialog"])
def test_the_error_sign_sits_on_the_middle_of_the_first_line(
    qtbot: QtBot, scheme: str, where: str
) -> None:
    """In a card (the settings' messages) and in a dialog's status (a compact status page),
    the sign and the first line's capitals share their middle, to 0.75 px."""
    from app.ui.style import say
    from app.ui.widgets.status_page import StatusPage

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    if where == "card":
        card = QFrame()
        card.setObjectName("card")
        label = QLabel()
        label.setWordWrap(True)
        QVBoxLayout(card).addWidget(label)
        layout.addWidget(card)
    else:
        status = StatusPage(compact=True)
        label = status.description
        layout.addWidget(status)
    layout.addStretch(1)
    window.resize(320, 300)
    window.show()
    qtbot.waitExposed(window)
    if where == "card":
        say(label, LONG_ERROR, error=True)
    else:
        status.show_status("dialog-error", "", LONG_ERROR, error=True)
    QApplication.processEvents()
    assert label.height() >= 2 * label.fontMetrics().height(), "more than one line"

    image = label.grab().toImage()
    error = label.palette().color(Role.WindowText)
    sign = _first_run(_ink_rows(image, error, range(16)))
    capitals = _first_run(
        _ink_rows(image, error, range(label.contentsRect().left(), label.width()))
    )
    assert sign[1] - sign[0] >= 10, "the sign is drawn"
    assert abs(_middle(sign) - _middle(capitals)) <= 0.75, f"{scheme}: {sign} {capitals}"


def test_a_status_pages_sentence_is_in_the_regular_size_and_centred_without_the_small_sign(
    qtbot: QtBot, scheme: str
) -> None:
    """A page's empty or failed state: the big icon and the title say what it is; the
    sentence under them is body text, and in a failure red without the small sign (which
    would stand apart from a centred sentence)."""
    from app.ui.widgets.status_page import StatusPage

    page = StatusPage()
    qtbot.addWidget(page)
    page.resize(700, 400)
    page.show()
    qtbot.waitExposed(page)
    page.show_status("network-offline", "Offline", "Can't reach the service.", error=True)
    QApplication.processEvents()
    regular = QApplication.font().pointSizeF()
    assert page.description.font().pointSizeF() == regular
    assert page.title.font().pointSizeF() > regular
    assert page.description.contentsMargins().left() == 0
    error = page.description.palette().color(Role.WindowText)
    image = page.description.grab().toImage()
    left_of_the_sentence = range(page.description.width() // 4)
    assert _ink_rows(image, error, left_of_the_sentence) == [], "no sign apart from the text"
    assert error != QApplication.palette().color(Role.WindowText), "still the error colour"
    assert contrast(error, QApplication.palette().color(Role.Window)) >= TEXT
