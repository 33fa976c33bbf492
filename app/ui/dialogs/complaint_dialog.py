"""Complain to a data-protection authority about an overdue request (issue 13).

The user picks their authority (every EU/EEA one, app/core/authorities.py), the language of
the letter and, if they like, the name to sign it with. Privacy Desk writes the letter from
the service's own signed statement of the request and saves it as a PDF with its evidence
(app/flows/complaint.py). It never sends anything: once saved, it opens the authority's
complaint page and the folder, and the user files the complaint themselves.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.authorities import BY_COUNTRY, Authority, sorted_for
from app.core.requests import PrivacyRequest
from app.flows.complaint import StatementNotVerified, write_complaint_about
from app.local.atomic import LocalWriteFailed
from app.local.complaint_bundle import SavedComplaint
from app.ui.complaint_pdf import render_complaint_pdf
from app.ui.context import DeskContext
from app.ui.messages import describe_failure
from app.ui.style import say, set_role


def open_url(url: QUrl) -> bool:
    """Open a web page or a folder the desktop's way; replaced in tests."""
    return QDesktopServices.openUrl(url)


def default_complaints_dir() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "Privacy Desk" / "Complaints"


def home_country(language: str) -> str:
    """The user's country as the system says it, if it has an authority in the list."""
    code = QLocale.territoryToCode(QLocale.system().territory())
    if code in BY_COUNTRY:
        return code
    return "NL" if language == "nl" else ""


class ComplaintDialog(QDialog):
    """Emits `saved` with the SavedComplaint once the letter and its evidence are on disk."""

    saved = Signal(object)

    def __init__(
        self, context: DeskContext, request: PrivacyRequest, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.request = request
        self.folder = default_complaints_dir()
        self.result_folder: Path | None = None
        self.setWindowTitle(self.tr("Complain to a data-protection authority"))

        intro = QLabel(
            self.tr(
                "The service did not answer this request in time. Privacy Desk writes a complaint to your data-protection authority from the service's own signed records, and saves it as a PDF together with the evidence. Nothing is sent: you send it to the authority yourself, on its website."
            )
        )
        intro.setWordWrap(True)

        self.authority = QComboBox()
        self.authority.setAccessibleName(self.tr("Your data-protection authority"))
        language = context.language
        for authority in sorted_for(language):
            self.authority.addItem(
                f"{authority.country_name(language)} — {authority.name}", authority.country
            )
        home = home_country(language)
        if home:
            self.authority.setCurrentIndex(self.authority.findData(home))

        self.letter_language = QComboBox()
        self.letter_language.setAccessibleName(self.tr("Language of the complaint"))
        self.letter_language.addItem("English", "en")
        self.letter_language.addItem("Nederlands", "nl")
        self.letter_language.setCurrentIndex(max(0, self.letter_language.findData(language)))

        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.setPlaceholderText(context.session.account.email)

        self.folder_label = QLabel(str(self.folder))
        self.folder_label.setWordWrap(True)
        self.choose_folder_button = QPushButton(self.tr("Choose…"))
        self.choose_folder_button.setAccessibleName(self.tr("Choose where to save the complaint"))
        self.choose_folder_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_folder_button)

        form = QFormLayout()
        form.addRow(self.tr("Authority"), self.authority)
        form.addRow(self.tr("Language of the letter"), self.letter_language)
        form.addRow(self.tr("Sign with the name"), self.name)
        form.addRow(self.tr("Save in"), folder_row)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        self.write_button = QPushButton(self.tr("Write the complaint"))
        set_role(self.write_button, "suggested")
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.write)
        self.open_folder_button = QPushButton(self.tr("Show the files"))
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.write_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        form.setVerticalSpacing(10)
        form.setHorizontalSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())

    def chosen_authority(self) -> Authority:
        return BY_COUNTRY[str(self.authority.currentData())]

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Where to save the complaint"), str(self.folder)
        )
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(chosen)

    def write(self) -> None:
        session, request_id = self.context.session, self.request.id
        authority, language = self.chosen_authority(), str(self.letter_language.currentData())
        name, parent = self.name.text(), self.folder
        today = datetime.now(UTC).date()
        self.write_button.setEnabled(False)
        say(self.message, self.tr("Writing the complaint…"))
        self.context.run(
            self,
            lambda: write_complaint_about(
                session,
                request_id,
                authority=authority,
                language=language,
                name=name,
                parent=parent,
                today=today,
                render_pdf=render_complaint_pdf,
            ),
            self._on_saved,
            self._on_failed,
        )

    def _on_saved(self, saved: SavedComplaint) -> None:
        self.result_folder = saved.folder
        authority = self.chosen_authority()
        say(
            self.message,
            self.tr(
                "Saved in %1. The authority's complaint page opens in your browser: attach complaint.pdf and the other files there."
            ).replace("%1", str(saved.folder)),
        )
        self.write_button.hide()
        self.open_folder_button.show()
        self.close_button.setDefault(True)
        self.saved.emit(saved)
        open_url(QUrl(authority.complaint_page))
        self.open_folder()

    def open_folder(self) -> None:
        if self.result_folder is not None:
            open_url(QUrl.fromLocalFile(str(self.result_folder)))

    def _on_failed(self, error: BaseException) -> None:
        self.write_button.setEnabled(True)
        if isinstance(error, StatementNotVerified):
            text = self.tr(
                "The service's statement about this request did not pass the signature check, so it cannot serve as evidence. Nothing was saved."
            )
        elif isinstance(error, LocalWriteFailed):
            text = (
                self.tr("The complaint could not be saved in %1: %2")
                .replace("%1", str(self.folder))
                .replace("%2", error.strerror or str(error))
            )
        else:
            text = describe_failure(error)
        say(self.message, text, error=True)
