"""The title and the plain-words introduction at the top of every page and dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def page_heading(title: str, intro: str) -> tuple[QLabel, QLabel]:
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    introduction = QLabel(intro)
    introduction.setObjectName("pageIntro")
    introduction.setWordWrap(True)
    return heading, introduction
