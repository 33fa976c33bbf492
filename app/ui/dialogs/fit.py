"""Dialogs as tall as what they say: wrapped text gets all its lines.

Qt sizes a new window from its layout's size hint, which does not know that a wrapped
label needs more lines at the width the window really gets (a long Dutch heading, an
error that appears later). `fit_height` measures at the dialog's width instead."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_height(dialog: QWidget) -> None:
    """Make `dialog` at least as tall as its content needs at its current width, and
    never let it be made shorter than that (a squeezed field or a cut sentence)."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    dialog.setMinimumHeight(needed)
    if dialog.height() < needed:
        dialog.resize(width, needed)
