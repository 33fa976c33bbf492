"""Every text colour of the app's look is readable on what it is drawn on, in both colour
schemes: WCAG AA, 4.5:1 for text, 3:1 for the focus ring and (as a lower bar) for text
that is disabled. The colours are read from the look as the app applies it (palette and
style sheet, app/ui/style.py), on real widgets, not from constants copied here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
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
            parent.layout().addWidget(label)
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
