"""Light, dark, or whatever the desktop says: the colours of each scheme, in one place.

A scheme is the palette Qt's widgets paint with plus the few colours the palette has no
role for (errors, the focus ring, suggested and destructive buttons). Every text colour
is chosen for WCAG AA against what it is drawn on: 4.5:1 for text, 3:1 for the focus
ring (tests/app/ui/test_contrast.py measures them). The style layer that paints with them
is app/ui/style.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

Role = QPalette.ColorRole


@dataclass(frozen=True)
class Scheme:
    """One colour scheme: the palette's colours and the style layer's own."""

    name: str  # "light" or "dark"
    palette_colours: Mapping[QPalette.ColorRole, str]
    disabled_text: str
    error: str  # error sentences, on the window and on cards (palette base)
    pending: str  # "on its way" sentences
    focus: str  # the 2 px keyboard focus ring
    border: str  # the resting outline of buttons, fields and lists
    button_hover: str
    button_pressed: str
    suggested: str  # the main action's background
    suggested_hover: str
    suggested_text: str
    destructive: str  # a destructive action's background
    destructive_hover: str
    destructive_text: str
    hover: str  # a sidebar row under the pointer

    def colour(self, role: QPalette.ColorRole) -> QColor:
        return QColor(self.palette_colours[role])

    def palette(self) -> QPalette:
        palette = QPalette()
        for role, colour in self.palette_colours.items():
            palette.setColor(role, QColor(colour))
        disabled = QPalette.ColorGroup.Disabled
        for role in (Role.Text, Role.ButtonText, Role.WindowText):
            palette.setColor(disabled, role, QColor(self.disabled_text))
        # A disabled field or list keeps its background; only its text fades.
        palette.setColor(disabled, Role.Base, QColor(self.palette_colours[Role.Window]))
        palette.setColor(disabled, Role.Highlight, QColor(self.palette_colours[Role.Mid]))
        return palette


LIGHT = Scheme(
    name="light",
    palette_colours=MappingProxyType(
        {
            Role.Window: "#f0f0f0",
            Role.WindowText: "#1e1e1e",
            Role.Base: "#ffffff",
            Role.AlternateBase: "#f6f6f6",
            Role.Text: "#1e1e1e",
            Role.Button: "#e4e4e4",
            Role.ButtonText: "#1e1e1e",
            Role.BrightText: "#ffffff",
            Role.Highlight: "#1c71d8",
            Role.HighlightedText: "#ffffff",
            Role.Accent: "#1c71d8",
            Role.ToolTipBase: "#ffffff",
            Role.ToolTipText: "#1e1e1e",
            Role.PlaceholderText: "#5e5e5e",
            Role.Light: "#ffffff",
            Role.Midlight: "#d9d9d9",
            Role.Mid: "#a0a0a0",
            Role.Dark: "#8a8a8a",
            Role.Shadow: "#5a5a5a",
            Role.Link: "#1a5fb4",
            Role.LinkVisited: "#613583",
        }
    ),
    disabled_text="#8a8a8a",
    error="#c01c28",
    pending="#1a5fb4",
    focus="#0d3f8a",
    border="#c0c0c0",
    button_hover="#d9d9d9",
    button_pressed="#cccccc",
    suggested="#1c71d8",
    suggested_hover="#1a65c2",
    suggested_text="#ffffff",
    destructive="#c01c28",
    destructive_hover="#a51d2d",
    destructive_text="#ffffff",
    hover="#e2e2e2",
)

DARK = Scheme(
    name="dark",
    palette_colours=MappingProxyType(
        {
            Role.Window: "#242424",
            Role.WindowText: "#f0f0f0",
            Role.Base: "#2e2e2e",
            # A step one sees on dark rows (#333333 was all but invisible), still calm.
            Role.AlternateBase: "#383838",
            Role.Text: "#f0f0f0",
            Role.Button: "#3a3a3a",
            Role.ButtonText: "#f0f0f0",
            Role.BrightText: "#ffffff",
            Role.Highlight: "#1c5fb4",
            Role.HighlightedText: "#ffffff",
            Role.Accent: "#1c5fb4",
            Role.ToolTipBase: "#363636",
            Role.ToolTipText: "#f0f0f0",
            Role.PlaceholderText: "#a8a8a8",
            Role.Light: "#505050",
            Role.Midlight: "#444444",
            Role.Mid: "#5e5e5e",
            Role.Dark: "#1a1a1a",
            Role.Shadow: "#0a0a0a",
            Role.Link: "#78aeed",
            Role.LinkVisited: "#c397d8",
        }
    ),
    disabled_text="#8a8a8a",
    error="#ff7b63",
    pending="#78aeed",
    focus="#8cc3ff",
    border="#555555",
    button_hover="#454545",
    button_pressed="#505050",
    suggested="#1c5fb4",
    suggested_hover="#2066c0",
    suggested_text="#ffffff",
    destructive="#c01c28",
    destructive_hover="#d02030",
    destructive_text="#ffffff",
    hover="#333333",
)

SCHEMES = {LIGHT.name: LIGHT, DARK.name: DARK}


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def scheme_for(theme: str) -> Scheme:
    """The scheme a theme setting ("system", "light", "dark") shows now."""
    dark = theme == "dark" or (theme == "system" and system_prefers_dark())
    return DARK if dark else LIGHT


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply `theme` with the whole look (palette, style, style sheet: app/ui/style.py) and
    return the scheme actually shown ("light" or "dark")."""
    from app.ui.style import apply_look

    return apply_look(app, theme).name
