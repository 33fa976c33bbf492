"""Dialogs as tall as what they say: wrapped text gets all its lines.

Qt sizes a new window from its layout's size hint, which does not know that a wrapped
label needs more lines at the width the window really gets (a long Dutch heading, an
error that appears later). `fit_height` measures at the dialog's width instead."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def needed_height(dialog: QWidget, width: int) -> int:
    """The height `dialog`'s rows need at `width`: every field at its full height and
    every wrapped sentence with all its lines (the minimum size alone counts a wrapped
    sentence as one line). The dialog's own minimum when it has no layout."""
    layout = dialog.layout()
    if layout is None:
        return dialog.minimumHeight()
    layout.activate()
    return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())


def fit_height(dialog: QWidget) -> None:
    """Make `dialog` at least as tall as its content needs at its current width, and
    never let it be made shorter than that (a squeezed field or a cut sentence)."""
    if dialog.layout() is None:
        return
    width = dialog.width()
    needed = needed_height(dialog, width)
    dialog.setMinimumHeight(needed)
    if dialog.height() < needed:
        dialog.resize(width, needed)
