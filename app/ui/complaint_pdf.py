"""Lay out a complaint (app/core/complaint.py) as an A4 PDF with Qt's own QTextDocument and
QPdfWriter: no other dependency. Runs on a task's thread (both are reentrant)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.core.complaint import Complaint

_STYLE = """
body { font-size: 9.5pt; line-height: 130%; }
h1 { font-size: 14pt; margin-bottom: 8pt; }
h2 { font-size: 11pt; margin-top: 12pt; margin-bottom: 4pt; }
p { margin-top: 0; margin-bottom: 6pt; }
li { margin-bottom: 3pt; }
"""


def complaint_html(complaint: Complaint) -> str:
    parts = [f"<html lang='{complaint.language}'><body><h1>{escape(complaint.title)}</h1>"]
    for section in complaint.sections:
        if section.heading:
            parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts.extend(f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs)
        if section.items:
            parts.append("<ul>")
            parts.extend(f"<li>{escape(item)}</li>" for item in section.items)
            parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)


def render_complaint_pdf(complaint: Complaint) -> bytes:
    """The complaint as the bytes of a PDF (A4, 2 cm margins, text that can be searched)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(complaint.title)
    writer.setCreator("Privacy Desk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),  # QTextDocument.print_ lays out with 2 cm margins of its own
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    # No ligatures: the request's id and the SHA-256 digests must copy out of the PDF as
    # typed ("ff" drawn as one glyph copies as U+FB00), and be found by a search.
    font = document.defaultFont()
    for feature in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(complaint_html(complaint))
    document.print_(writer)  # paginates to the writer's page, scaled to its resolution
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())
