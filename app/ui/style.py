"""The app's one style layer: Fusion, plus a style sheet generated
from the colour scheme (app/ui/theme.py), applied together by `apply_look`.

What the layer gives every widget:
- buttons, combo boxes and fields of one height (32 px at 100 %);
- a 2 px keyboard focus ring, in the scheme's focus colour, on buttons (flat ones too),
  combo boxes, fields, check boxes and lists/tables (around the sidebar's current page,
  not the whole list), and never on a default button that does not have the focus;
- button roles: `set_role(button, "suggested")` for the main action of a page or dialog,
  `set_role(button, "destructive")` for one that deletes or cannot be undone;
- error sentences (`say(label, text, error=True)` or `set_role(label, "error")`) in the
  scheme's error colour with an error sign before them, centred on the first line:
  colour is never the only signal;
- secondary text in a dimmer colour that still reads at 4.5:1: cards' explanations, a
  page's introduction, a form's labels (a QLabel named "formLabel");
- flat tables: a quiet header line instead of bevelled sections, no grid.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyleFactory,
    QWidget,
)

from app.ui.i18n import resources_dir
from app.ui.theme import LIGHT, Scheme, scheme_for

# The roles a QPushButton can be given with `set_role`; "" is a plain button.
BUTTON_ROLES = ("suggested", "destructive")
# The roles a QLabel can be given with `set_role`; "" is plain text.
LABEL_ROLES = ("error", "pending")

# Every button, combo box and one-line field is this tall at 100 % scale: 2 × 1 px border
# (2 px when focused, the padding giving the pixel back) + 2 × 5 px padding + 20 px text.
CONTROL_HEIGHT = 32
FOCUS_RING_WIDTH = 2
# The error sign's size (resources/icons/ui/error-*.svg) and its room before the text.
ERROR_SIGN_SIZE = 16
ERROR_SIGN_ROOM = 22

_current = LIGHT


def current_scheme() -> Scheme:
    """The scheme `apply_look` applied last (light before any): for widgets that paint
    themselves (the toggle switch's focus ring) and models that colour text (errors)."""
    return _current


def error_colour() -> QColor:
    """The error colour of the scheme shown now, for a model's ForegroundRole."""
    return QColor(_current.error)


def focus_colour() -> QColor:
    return QColor(_current.focus)


def apply_look(app: QApplication, theme: str) -> Scheme:
    """Apply the theme ("system", "light", "dark") as one look: Fusion under `LookStyle`,
    the scheme's palette and the style sheet generated from it. Returns the scheme shown."""
    global _current
    scheme = scheme_for(theme)
    _current = scheme
    # Fusion as it is: no Python style subclass, whose methods Qt would call back into
    # Python for every hint and primitive of every paint (thousands per page built).
    # What the style sheet draws instead: every focus ring (and `outline: none` drops
    # Fusion's own focus rectangles), and dialog buttons without icons.
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(scheme.palette())
    app.setStyleSheet(style_sheet(scheme, app.font()))
    return scheme


def _icon(name: str, scheme: Scheme) -> str:
    return (resources_dir() / "icons" / "ui" / f"{name}-{scheme.name}.svg").as_posix()


def error_sign_offset(font: QFont) -> int:
    """How far an error's text goes down so that the sign, drawn at the label's top, sits
    on the middle of the first line's capitals: 1 px for the usual 9 pt, none from about
    10 pt up (the sign is then up to 1 px above the middle; a style sheet cannot move a
    background image down)."""
    metrics = QFontMetricsF(font)
    middle_of_capitals = metrics.ascent() - metrics.capHeight() / 2
    return max(0, round(ERROR_SIGN_SIZE / 2 - middle_of_capitals))


def style_sheet(scheme: Scheme, font: QFont | None = None) -> str:
    """The style sheet of one scheme, for text in `font` (the application's). Colours from
    the scheme; palette(...) where a widget should follow the palette it is given."""
    s = scheme
    ring = f"{FOCUS_RING_WIDTH}px solid {s.focus}"
    sign_offset = error_sign_offset(font) if font is not None else 0
    return f"""
QFrame#card {{
    background: palette(base);
    border: 1px solid palette(midlight);
    border-radius: 10px;
}}
QLabel#pageTitle {{ font-size: 20pt; font-weight: 600; }}
QLabel#deviceCode {{ font-size: 22pt; font-weight: 600; letter-spacing: 3px; padding: 8px; }}
QLabel#pageIntro {{ color: palette(placeholder-text); }}
QLabel#cardTitle {{ font-size: 11pt; font-weight: 600; }}
QLabel#cardText {{ color: palette(placeholder-text); }}
QLabel#cardStatus {{ font-size: 9pt; color: palette(placeholder-text); }}
QLabel#formLabel {{ color: palette(placeholder-text); }}
QLabel[role="pending"] {{ color: {s.pending}; }}
QLabel[role="error"] {{
    color: {s.error};
    padding: {sign_offset}px 0px {sign_offset}px {ERROR_SIGN_ROOM}px;
    background-image: url("{_icon("error", s)}");
    background-repeat: no-repeat;
    background-position: left top;
    background-origin: border;
    background-clip: border;
    min-height: {ERROR_SIGN_SIZE - 2 * sign_offset}px;
}}
QLabel#stateMessage[centred="true"][role="error"] {{
    padding: 0px;
    background: none;
    min-height: 0px;
}}
QLabel#sectionTitle {{ font-size: 12pt; font-weight: 600; }}
QFrame#settingGroup {{ background: palette(midlight); border-radius: 10px; }}
QFrame#settingRows {{ background: palette(base); border-radius: 9px; }}
QFrame#rowSeparator {{ background: palette(midlight); }}

QToolTip {{
    color: palette(tooltip-text);
    background: palette(tooltip-base);
    border: 1px solid {s.border};
    padding: 4px;
}}

QPushButton {{
    color: palette(button-text);
    background: palette(button);
    border: 1px solid {s.border};
    border-radius: 6px;
    padding: 5px 14px;
    min-height: 20px;
    min-width: 48px;
}}
QPushButton:hover {{ background: {s.button_hover}; }}
QPushButton:pressed, QPushButton:checked {{ background: {s.button_pressed}; }}
QPushButton:disabled {{ color: {s.disabled_text}; background: palette(window); }}
QPushButton:flat {{ background: transparent; border-color: transparent; padding: 5px 8px; }}
QPushButton:flat:hover {{ background: {s.button_hover}; }}
QPushButton:flat:pressed {{ background: {s.button_pressed}; }}
QPushButton#cardLink {{ color: palette(link); text-align: left; min-width: 0px; }}
QPushButton:flat:disabled {{ background: transparent; }}
QPushButton[role="suggested"] {{
    color: {s.suggested_text};
    background: {s.suggested};
    border-color: {s.suggested};
}}
QPushButton[role="suggested"]:hover {{ background: {s.suggested_hover}; }}
QPushButton[role="destructive"] {{
    color: {s.destructive_text};
    background: {s.destructive};
    border-color: {s.destructive};
}}
QPushButton[role="destructive"]:hover {{ background: {s.destructive_hover}; }}
QPushButton[role="suggested"]:disabled, QPushButton[role="destructive"]:disabled {{
    color: {s.disabled_text};
    background: palette(window);
    border-color: {s.border};
}}
QPushButton:focus, QPushButton:flat:focus,
QPushButton[role="suggested"]:focus, QPushButton[role="destructive"]:focus {{
    border: {ring};
    padding: 4px 13px;
}}
QPushButton:flat:focus {{ padding: 4px 7px; }}

QComboBox, QLineEdit, QAbstractSpinBox {{
    border: 1px solid {s.border};
    border-radius: 6px;
    padding: 5px 8px;
    min-height: 20px;
}}
QComboBox {{ color: palette(button-text); background: palette(button); padding-right: 28px; }}
QComboBox:hover {{ background: {s.button_hover}; }}
QComboBox:editable, QLineEdit, QAbstractSpinBox {{
    color: palette(text);
    background: palette(base);
}}
QComboBox:disabled, QLineEdit:disabled, QAbstractSpinBox:disabled {{
    color: {s.disabled_text};
    background: palette(window);
}}
QComboBox::drop-down {{
    subcontrol-origin: border;
    subcontrol-position: center right;
    width: 26px;
    border: none;
}}
QComboBox::down-arrow {{ image: url("{_icon("down", s)}"); width: 12px; height: 12px; }}
QComboBox:focus, QLineEdit:focus, QAbstractSpinBox:focus {{
    border: {ring};
    padding: 4px 7px;
}}
QComboBox:focus {{ padding-right: 27px; }}
QComboBox QAbstractItemView {{
    border: 1px solid {s.border};
    padding: 0;
    selection-background-color: palette(highlight);
    selection-color: palette(highlighted-text);
}}

QPlainTextEdit, QTextEdit {{
    border: 1px solid {s.border};
    border-radius: 4px;
    padding: 1px;
}}
QPlainTextEdit:focus, QTextEdit:focus {{ border: {ring}; padding: 0; }}

QCheckBox, QRadioButton {{
    border: {FOCUS_RING_WIDTH}px solid transparent;
    border-radius: 5px;
    padding: 3px 6px 3px 3px;
    spacing: 8px;
}}
QCheckBox:focus, QRadioButton:focus {{ border-color: {s.focus}; }}
QCheckBox, QRadioButton {{ outline: none; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}

QAbstractItemView {{
    border: 1px solid palette(midlight);
    border-radius: 4px;
    padding: 1px;
    outline: none;
    alternate-background-color: palette(alternate-base);
    selection-background-color: palette(highlight);
    selection-color: palette(highlighted-text);
    gridline-color: palette(midlight);
}}
QAbstractItemView:focus {{ border: {ring}; padding: 0; }}
QHeaderView {{ background: palette(base); border: none; }}
QHeaderView::section {{
    background: palette(base);
    color: palette(text);
    border: none;
    border-bottom: 1px solid palette(midlight);
    padding: 4px 3px;
    font-weight: 600;
}}
QHeaderView::section:vertical {{
    color: palette(placeholder-text);
    border-bottom: none;
    border-right: 1px solid palette(midlight);
    font-weight: normal;
}}
QTableCornerButton::section {{ background: palette(base); border: none; }}

QScrollArea {{ border: {FOCUS_RING_WIDTH}px solid transparent; border-radius: 6px; }}
QScrollArea:focus {{ border-color: {s.focus}; }}

QListWidget#sidebar {{
    border: none;
    border-right: 1px solid palette(midlight);
    border-radius: 0;
    background: palette(window);
    padding: 12px 8px;
    font-size: 11pt;
}}
QListWidget#sidebar::item {{ padding: 9px 12px; border-radius: 6px; color: palette(window-text); }}
QListWidget#sidebar::item:hover {{ background: {s.hover}; }}
QListWidget#sidebar::item:selected {{
    background: palette(highlight);
    color: palette(highlighted-text);
}}
QListWidget#sidebar::item:focus {{ border: {ring}; padding: 7px 10px; }}
"""


# What app/main.py applied before the look came in one call: the light scheme's sheet.
STYLE_SHEET = style_sheet(LIGHT)


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a style role and restyle it now: Qt applies a changed property to the
    style sheet only after a re-polish. Buttons: "suggested" (the main action, in the
    accent colour) or "destructive" (red); labels: "error" or "pending"; "" for plain."""
    previous = widget.property("role")
    if previous == role:
        return
    widget.setProperty("role", role)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # styled when first shown, with the role it has then (a re-polish costs)
    if not role and not previous:
        return  # plain before and after
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    # A frame (a QLabel is one) takes a new padding (an error's room for its sign) only
    # when told that its style changed.
    QApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))
    widget.update()


def say(label: QLabel, text: str, *, error: bool = False) -> None:
    """Show a sentence in a status label, red with an error sign when it reports a failure.
    As plain text: a failure can quote the service (a certificate's names), never to be
    taken as markup."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    set_role(label, "error" if error else "")
    label.show()
