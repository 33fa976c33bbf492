"""History: the user's own evidence — consent receipts and request acknowledgements.

Privacy portals keep this on the operator's side; here the user keeps it, can check it
(the hash chain and the service's signatures) and can hand it to anyone as a bundle.
Reading the log, talking to the service and writing the bundle are
`app/flows/evidence.py`, run through the context's tasks; the page only shows results.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFileDialog,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Catalog
from app.core.evidence_chain import ChainEntry, ChainVerdict
from app.flows.evidence import (
    EvidenceSnapshot,
    export_evidence,
    read_evidence,
    sync_evidence,
    verify_evidence,
)
from app.local.evidence_store import EvidenceDamaged, EvidenceVerdict
from app.ui.context import DeskContext
from app.ui.messages import (
    describe_chain_problem,
    describe_evidence_problem,
    describe_evidence_verdict,
)
from app.ui.models.evidence_model import Column, EvidenceTableModel
from app.ui.tasks import log_failure
from app.ui.widgets.evidence_actions import EvidenceActions
from app.ui.widgets.headings import page_heading
from app.ui.widgets.page_state import PageState
from app.ui.widgets.table_sizing import fit_columns, flat_table

ExportPathChooser = Callable[[QWidget, Path], Path | None]


def ask_where_to_export(parent: QWidget, suggested: Path) -> Path | None:
    """The native save dialog; None when the user cancels."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("HistoryPage", "Export evidence"),
        str(suggested),
        QCoreApplication.translate("HistoryPage", "ZIP archives (*.zip)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(".zip")


class HistoryPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self.context = context
        self.evidence = context.evidence
        # Replaced in tests; the real one opens the native save dialog.
        self.choose_export_path: ExportPathChooser = ask_where_to_export
        self.damaged: EvidenceDamaged | None = None
        self._catalog_asked = False
        self._busy = False

        heading, intro = page_heading(
            self.tr("History"),
            self.tr(
                "Every consent receipt and request acknowledgement the service gave you, kept on this computer. Check that nothing was changed, and export it as evidence whenever you need it."
            ),
        )

        self.toolbar = EvidenceActions()
        self.toolbar.sync_button.clicked.connect(self.sync)
        self.toolbar.verify_button.clicked.connect(self.verify)
        self.toolbar.export_button.clicked.connect(self.export)
        self.toolbar.set_aside_button.clicked.connect(self.set_aside_damaged)

        self.model = EvidenceTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Kept evidence"))
        flat_table(self.table)  # the app's one table look
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setAccessibleName(self.tr("Columns"))
        self.table.verticalHeader().setAccessibleName(self.tr("Entry numbers"))
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(self.tr("Select all entries"))
        fit_columns(self.table, stretch=Column.WHAT)  # what was confirmed takes the room
        self._verdict_shown = False  # the status line says what Verify everything found
        self.state = PageState(
            self.table,
            empty_icon="folder-documents",
            empty_title=self.tr("No receipts yet"),
            empty_text=self.tr(
                "Each time you change a choice or file a request, the service sends a signed receipt, and it is kept here. Sync to fetch the ones you don't have yet."
            ),
        )
        self.empty = self.state.empty
        self.state.retry_requested.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.state, 1)
        toolbar = self.toolbar
        self.setTabOrder(toolbar.sync_button, toolbar.verify_button)
        self.setTabOrder(toolbar.verify_button, toolbar.export_button)
        self.setTabOrder(toolbar.export_button, toolbar.set_aside_button)
        self.setTabOrder(toolbar.set_aside_button, self.table)
        self._enable_actions()  # nothing read yet: nothing to verify or export

    # -- reading the log ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: read the evidence log afresh (entries kept meanwhile show)."""
        super().showEvent(event)
        if self.state.showing_result():  # loaded already: no loading face
            evidence = self.evidence
            self.context.run(
                self, lambda: read_evidence(evidence), self._show_snapshot, self._on_read_failed
            )

    def reload(self) -> None:
        self.state.show_loading(self.tr("Reading your evidence…"))
        self._enable_actions()
        evidence = self.evidence
        self.context.run(
            self, lambda: read_evidence(evidence), self._show_snapshot, self._on_read_failed
        )
        self._ask_for_catalog()

    def _ask_for_catalog(self) -> None:
        """Choice titles make rows readable; without them (offline) the ids still say it."""
        if self._catalog_asked:
            return
        self._catalog_asked = True
        client = self.context.session.client
        self.context.run(self, client.catalog, self._on_catalog, self._on_catalog_failed)

    def _on_catalog(self, catalog: Catalog) -> None:
        self.model.set_catalog(catalog)

    def _on_catalog_failed(self, error: BaseException) -> None:
        self._catalog_asked = False  # ask again on the next reload
        log_failure("loading the choice titles")(error)

    def _show_snapshot(self, snapshot: EvidenceSnapshot) -> None:
        self._set_damaged(None)
        self.model.set_entries(snapshot.entries, snapshot.chain)
        if self._verdict_shown:
            # A fresh read shows no signature as checked: the line saying they all were
            # would no longer describe the table.
            self._verdict_shown = False
            self._say("")
        self.state.show_result(bool(snapshot.entries))
        self._enable_actions()
        if not snapshot.chain.intact:
            self._show_chain_problem(snapshot.chain)

    def _on_read_failed(self, error: BaseException) -> None:
        if isinstance(error, EvidenceDamaged):
            self._set_damaged(error)
        self._show_read_failure(error)

    def _show_read_failure(self, error: BaseException) -> None:
        self.state.show_failure(
            error,
            describe_evidence_problem(error),
            title=self.tr("Your evidence can't be read"),
        )
        self._enable_actions()

    def _set_damaged(self, damage: EvidenceDamaged | None) -> None:
        self.damaged = damage
        self._enable_actions()

    # -- sync -----------------------------------------------------------------------------

    def sync(self) -> None:
        self._start(self.tr("Fetching your receipts…"))
        session, evidence = self.context.session, self.evidence

        self.context.run(
            self, lambda: sync_evidence(session, evidence), self._on_synced, self._on_action_failed
        )

    def _on_synced(self, snapshot: EvidenceSnapshot) -> None:
        self._finish()
        self._show_snapshot(snapshot)
        if snapshot.chain.intact:
            if snapshot.added:
                self._say(self.tr("New entries kept: %1.").replace("%1", str(snapshot.added)))
            else:
                self._say(self.tr("Nothing new: everything the service sent is already kept."))

    # -- verify ---------------------------------------------------------------------------

    def verify(self) -> None:
        self._start(self.tr("Checking every entry…"))
        client, evidence = self.context.session.client, self.evidence

        self.context.run(
            self,
            lambda: verify_evidence(client, evidence),
            self._on_verified,
            self._on_action_failed,
        )

    def _on_verified(self, result: tuple[list[ChainEntry], EvidenceVerdict]) -> None:
        self._finish()
        entries, verdict = result
        self.model.set_entries(entries, verdict.chain)
        self.model.set_verdict(verdict)
        self.state.show_result(bool(entries))
        self._enable_actions()
        self._say(describe_evidence_verdict(verdict), error=not verdict.all_good)
        self._verdict_shown = True

    def _show_chain_problem(self, chain: ChainVerdict) -> None:
        self._say(describe_chain_problem(chain), error=True)

    # -- export ---------------------------------------------------------------------------

    def export(self) -> None:
        suggested = Path.home() / f"privacy-desk-evidence-{date.today().isoformat()}.zip"
        target = self.choose_export_path(self, suggested)
        if target is None:
            return
        self._start(self.tr("Saving your evidence…"))
        client, evidence = self.context.session.client, self.evidence

        self.context.run(
            self,
            lambda: export_evidence(client, evidence, target),
            self._on_exported,
            self._on_action_failed,
        )

    def _on_exported(self, path: Path) -> None:
        self._finish()
        self._say(self.tr("Evidence saved to %1").replace("%1", str(path)))

    # -- a damaged file -------------------------------------------------------------------

    def set_aside_damaged(self) -> None:
        self._start(self.tr("Setting the damaged file aside…"))
        evidence = self.evidence
        self.context.run(
            self, evidence.set_aside_damaged, self._on_set_aside, self._on_action_failed
        )

    def _on_set_aside(self, aside: Path | None) -> None:
        self._finish()
        self._set_damaged(None)
        if aside is not None:
            self._say(
                self.tr(
                    "The damaged file was kept as %1. New entries go into a fresh log."
                ).replace("%1", str(aside))
            )
        self.reload()

    # -- shared ---------------------------------------------------------------------------

    def _start(self, text: str) -> None:
        self._busy = True
        self._enable_actions()
        self._say(text)

    def _finish(self) -> None:
        self._busy = False
        self._enable_actions()

    def _enable_actions(self) -> None:
        """Verify and Export only when there is something kept to check or hand over."""
        self.toolbar.enable(busy=self._busy, damaged=self.damaged is not None)
        if self.model.rowCount() == 0 or not self.state.showing_result():
            self.toolbar.verify_button.setEnabled(False)
            self.toolbar.export_button.setEnabled(False)

    def _on_action_failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, EvidenceDamaged):
            self._set_damaged(error)
            self._show_read_failure(error)
        self._say(describe_evidence_problem(error), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.toolbar.say(text, error=error)
