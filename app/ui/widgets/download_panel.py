"""Download the copy of my data: progress, speed, Stop, and a verdict the user can trust.

The bytes arrive on a worker thread and, once complete, the same worker opens the ZIP and
checks every member against the copy's manifest (`app/flows/copy_download.py`). Only then does the
panel say "Verified" and offer "Save as…" and "Open in Privacy Desk".

How progress crosses threads: `run_task` delivers only the final result, so the worker
writes the running byte count into a `TransferGauge` (two integers behind a lock) and a
QTimer on the GUI thread reads it a few times a second. A signal emitted per chunk would
also be safe (Qt queues it to the GUI thread), but a fast loopback or LAN download
produces thousands of chunks a second and would flood the event queue with updates
nobody can see; polling costs the worker nothing and keeps repaints at a steady rate,
and the speed shown is measured over the same samples. Stop sets a `threading.Event`
that the download checks between chunks; what arrived stays in a `.part` file, so the
next Download continues from there.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.download import DownloadCancelled
from app.core.requests import PrivacyRequest
from app.flows.copy_download import (
    CHUNK_BYTES,
    TransferGauge,
    VerifiedCopy,
    copy_file_name,
    download_and_verify,
    move_copy,
)
from app.ui.context import DeskContext
from app.ui.formatting import data_size, format_timestamp
from app.ui.messages import describe_copy_not_moved, describe_downloaded_copy_problem
from app.ui.style import say

SavePathChooser = Callable[[QWidget, Path], Path | None]
# How often the GUI reads the gauge, and over how long the speed is averaged.
POLL_MILLISECONDS = 150
SPEED_WINDOW_SECONDS = 3.0


def ask_where_to_save(parent: QWidget, suggested: Path) -> Path | None:
    """The native save dialog; None when the user cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("DownloadPanel", "Save the copy of your data"),
        str(suggested),
        QCoreApplication.translate("DownloadPanel", "ZIP archives (*.zip)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(".zip")


class DownloadPanel(QFrame):
    open_copy_requested = Signal(object)  # Path of the verified copy

    def __init__(
        self,
        context: DeskContext,
        request: PrivacyRequest,
        download_dir: Path,
        parent: QWidget | None = None,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.context = context
        self.session = context.session
        self.request = request
        self.download_dir = download_dir
        # Replaced in tests; the real one opens the native save dialog.
        self.choose_save_path: SavePathChooser = ask_where_to_save
        self.path: Path | None = None
        self.verified: VerifiedCopy | None = None
        self.downloading = False
        self.chunk_size = CHUNK_BYTES
        self._gauge = TransferGauge()
        self._stop = threading.Event()
        self._samples: deque[tuple[float, int]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MILLISECONDS)
        self._timer.timeout.connect(self._show_progress)
        # A panel that goes away (signed out, window closed) stops its download too.
        stop = self._stop
        self.destroyed.connect(lambda *_: stop.set())

        title = QLabel(self.tr("Your copy"))
        title.setObjectName("cardTitle")
        self.about = QLabel()
        self.about.setObjectName("cardText")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_text = QLabel()
        self.progress_text.setObjectName("cardStatus")
        self.progress_text.setAccessibleName(self.tr("Downloaded so far"))
        self.progress_text.hide()
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(self.tr("Download result"))
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()

        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setAccessibleName(self.tr("Download the copy of your data"))
        self.download_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the download"))
        self.stop_button.setAccessibleDescription(
            self.tr("What arrived is kept; Download continues from there.")
        )
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.setAccessibleDescription(self.tr("Save the copy somewhere else"))
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton(self.tr("Open in Privacy Desk"))
        self.open_button.setAccessibleDescription(self.tr("Open the copy in Privacy Desk"))
        self.open_button.clicked.connect(self._open)
        for button in (self.save_button, self.open_button):
            button.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (
            self.download_button,
            self.stop_button,
            self.save_button,
            self.open_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 14)
        column.setSpacing(6)
        column.addWidget(title)
        column.addWidget(self.about)
        column.addWidget(self.progress)
        column.addWidget(self.progress_text)
        column.addWidget(self.verdict)
        column.addLayout(buttons)
        self._describe(now())

    def _describe(self, now: datetime) -> None:
        export = self.request.export
        if export is None:
            self.about.setText(self.tr("The copy is not available."))
            self.download_button.setEnabled(False)
            return
        if export.expired(now):
            self.about.setText(
                self.tr(
                    "This copy could be downloaded until %1. Ask for a new copy if you still need it."
                ).replace("%1", format_timestamp(export.expires_at))
            )
            self.download_button.setEnabled(False)
            return
        self.about.setText(
            self.tr("A ZIP file of %1, ready to download until %2.")
            .replace("%1", data_size(export.size))
            .replace("%2", format_timestamp(export.expires_at))
        )

    # -- downloading ----------------------------------------------------------------------

    def target(self) -> Path:
        return self.download_dir / copy_file_name(self.request)

    def start(self) -> None:
        if self.downloading or self.request.export is None:
            return
        self.downloading = True
        self._stop.clear()
        self._gauge.update(0, self.request.export.size)
        self._samples.clear()
        session, request_id, target = self.session, self.request.id, self.target()
        gauge, stop, chunk_size = self._gauge, self._stop, self.chunk_size

        self.verdict.hide()
        self.progress.show()
        self.progress_text.show()
        self.progress_text.setText(self.tr("Starting the download…"))
        self.download_button.hide()
        self.save_button.hide()
        self.open_button.hide()
        self.stop_button.show()
        self.stop_button.setEnabled(True)
        self._timer.start()
        self.context.run(
            self,
            lambda: download_and_verify(session, request_id, target, gauge, stop, chunk_size),
            self._on_downloaded,
            self._on_failed,
        )

    def stop(self) -> None:
        self._stop.set()
        self.stop_button.setEnabled(False)
        self.progress_text.setText(self.tr("Stopping…"))

    def _show_progress(self) -> None:
        done, total = self._gauge.read()
        now = time.monotonic()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[0][0] > SPEED_WINDOW_SECONDS:
            self._samples.popleft()
        if total > 0:
            self.progress.setValue(int(1000 * min(done, total) / total))
        first_at, first_done = self._samples[0]
        elapsed = now - first_at
        text = self.tr("%1 of %2").replace("%1", data_size(done)).replace("%2", data_size(total))
        if elapsed > 0.2 and done > first_done:
            speed = data_size((done - first_done) / elapsed)
            text = self.tr("%1 · %2/s").replace("%1", text).replace("%2", speed)
        if not self._stop.is_set():
            self.progress_text.setText(text)

    def _finish_transfer(self) -> None:
        self.downloading = False
        self._timer.stop()
        self._show_progress()
        self.stop_button.hide()

    def _on_downloaded(self, verified: VerifiedCopy) -> None:
        self._finish_transfer()
        self.progress.setValue(self.progress.maximum())
        self.verified = verified
        self.path = verified.download.path
        bad = verified.mismatched
        if bad:
            self._say(
                self.tr(
                    "The download is complete, but these files in it do not match its manifest: %1. Ask for a new copy."
                ).replace("%1", ", ".join(bad)),
                error=True,
            )
        else:
            self._say(
                self.tr(
                    "Verified: the copy is exactly the one the service made, and all %1 files in it match its manifest. Saved as %2."
                )
                .replace("%1", str(len(verified.checks)))
                .replace("%2", str(self.path)),
            )
        self.save_button.show()
        self.open_button.show()
        self.download_button.setText(self.tr("Download again"))
        self.download_button.show()

    def _on_failed(self, error: BaseException) -> None:
        self._finish_transfer()
        self.download_button.show()
        if isinstance(error, DownloadCancelled):
            self.download_button.setText(self.tr("Continue download"))
            self._say(
                self.tr("Stopped. What arrived is kept; Continue download picks up from there.")
            )
            return
        self.download_button.setText(self.tr("Try again"))
        self._say(describe_downloaded_copy_problem(error, self.download_dir), error=True)

    # -- after the download ---------------------------------------------------------------

    def save_as(self) -> None:
        source = self.path
        if source is None:
            return
        chosen = self.choose_save_path(self, Path.home() / source.name)
        if chosen is None or chosen == source:
            return

        self.save_button.setEnabled(False)
        self.context.run(
            self,
            lambda: move_copy(source, chosen),
            self._on_saved,
            lambda error: self._on_save_failed(error, chosen),
        )

    def _on_saved(self, path: Path) -> None:
        self.save_button.setEnabled(True)
        self.path = path
        self._say(self.tr("Verified copy saved as %1.").replace("%1", str(path)))

    def _on_save_failed(self, error: BaseException, chosen: Path) -> None:
        self.save_button.setEnabled(True)
        self._say(describe_copy_not_moved(error, chosen.parent), error=True)

    def _open(self) -> None:
        if self.path is not None:
            self.open_copy_requested.emit(self.path)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.verdict, text, error=error)
