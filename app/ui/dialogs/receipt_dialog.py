"""One choice's latest consent receipt, checked against the service's published key.

The receipt is the user's proof of what they chose and when. The dialog fetches it fresh
from the service, verifies the signature on this computer with the public key the service
publishes, and shows both the readable fields and the exact signed text, so nobody has to
take the app's word for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Choice
from app.core.receipts import receipt_origin
from app.flows.receipt_check import CheckedReceipt, fetch_checked_receipt
from app.ui.context import DeskContext
from app.ui.dialogs.fit import needed_height
from app.ui.formatting import format_timestamp
from app.ui.messages import describe_failure
from app.ui.style import set_role
from app.ui.widgets.headings import page_heading
from app.ui.widgets.page_state import PageState


def _controller_of(fields: dict[str, Any]) -> str:
    controllers = fields.get("piiControllers")
    names = [
        str(entry.get("piiController", ""))
        for entry in (controllers if isinstance(controllers, list) else [])
        if isinstance(entry, dict)
    ]
    return ", ".join(name for name in names if name)


def _purposes_of(fields: dict[str, Any]) -> str:
    purposes: list[str] = []
    services = fields.get("services")
    for service in services if isinstance(services, list) else []:
        entries = service.get("purposes") if isinstance(service, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("purpose"):
                purposes.append(str(entry["purpose"]))
    return "; ".join(purposes)


DIALOG_WIDTH = 660
SIGNED_TEXT_ROOM = 160  # more than the signed text's own minimum, when it is shown


class ReceiptDialog(QDialog):
    def __init__(self, context: DeskContext, choice: Choice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.choice = choice
        self.checked: CheckedReceipt | None = None
        self.setWindowTitle(self.tr("Consent receipt"))
        self.setMinimumWidth(560)
        self.resize(DIALOG_WIDTH, self.height())  # as tall as what it shows: _fit_height

        heading, intro = page_heading(
            self.tr("Consent receipt"),
            self.tr(
                "The service signed this receipt when you last changed “%1”. The app checks the signature with the service's public key."
            ).replace("%1", choice.title),
        )

        receipt_page = QWidget()
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("sectionTitle")
        self.verdict.setAccessibleName(self.tr("Signature check"))
        self.choice_label = self._value_label(self.tr("Choice"))
        self.value_label = self._value_label(self.tr("Recorded value"))
        self.when_label = self._value_label(self.tr("When"))
        self.origin_label = self._value_label(self.tr("Made by"))
        self.receipt_id_label = self._value_label(self.tr("Receipt ID"))
        self.controller_label = self._value_label(self.tr("Controller"))
        self.purposes_label = self._value_label(self.tr("Purposes"))
        self.policy_label = self._value_label(self.tr("Privacy policy"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Choice"), self.choice_label)
        form.addRow(self.tr("Recorded value"), self.value_label)
        form.addRow(self.tr("When"), self.when_label)
        form.addRow(self.tr("Made by"), self.origin_label)
        self.fields_form = form
        form.addRow(self.tr("Receipt ID"), self.receipt_id_label)
        form.addRow(self.tr("Controller"), self.controller_label)
        form.addRow(self.tr("Purposes"), self.purposes_label)
        form.addRow(self.tr("Privacy policy"), self.policy_label)

        self.signed_text_button = QPushButton(self.tr("Show the signed text"))
        self.signed_text_button.setCheckable(True)
        self.signed_text_button.setAccessibleName(self.tr("Show the signed text"))
        self.signed_text_button.toggled.connect(self._show_signed_text)
        self.signed_text = QPlainTextEdit()
        self.signed_text.setReadOnly(True)
        self.signed_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.signed_text.setAccessibleName(self.tr("The exact text the service signed"))
        self.signed_text.setMinimumHeight(140)
        self.signed_text.hide()

        receipt_column = QVBoxLayout(receipt_page)
        receipt_column.setContentsMargins(0, 0, 0, 0)
        receipt_column.setSpacing(10)
        receipt_column.addWidget(self.verdict)
        receipt_column.addLayout(form)
        receipt_column.addWidget(self.signed_text_button, 0, Qt.AlignmentFlag.AlignLeft)
        receipt_column.addWidget(self.signed_text, 1)
        receipt_column.addStretch(0)
        # Loading, nothing there yet, or a failure with Try again; then the receipt.
        self.stack = PageState(
            receipt_page,
            compact=True,
            status_name=self.tr("Receipt status"),
            retry_name=self.tr("Try again to fetch the receipt"),
        )
        self.message, self.retry_button = self.stack.message, self.stack.retry
        self.stack.retry_requested.connect(self.load)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close the receipt"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)

    def _value_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # the receipt's fields as written
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(name)
        return label

    # -- fetching -------------------------------------------------------------------------

    def load(self) -> None:
        self.stack.show_loading(self.tr("Fetching the receipt from the service…"))
        session, choice_id = self.session, self.choice.id
        self.context.run(
            self,
            lambda: fetch_checked_receipt(session, choice_id),
            self._on_loaded,
            self._on_failed,
        )

    def _on_loaded(self, checked: CheckedReceipt | None) -> None:
        self.checked = checked
        if checked is None:
            self.stack.show_empty(
                self.tr(
                    "The service has no receipt for this choice yet. You get one when you change it."
                )
            )
            return
        self._show_receipt(checked)

    def _on_failed(self, error: BaseException) -> None:
        """No title: the dialog's heading already says what could not be shown."""
        self.stack.show_failure(error, describe_failure(error))

    # -- showing --------------------------------------------------------------------------

    def _show_receipt(self, checked: CheckedReceipt) -> None:
        receipt = checked.receipt
        fields = receipt.fields()
        signed_value = fields.get("value", receipt.value)
        self.choice_label.setText(self.choice.title)
        self.value_label.setText(self.tr("on") if signed_value is True else self.tr("off"))
        self.when_label.setText(format_timestamp(receipt.issued_at))
        self.origin_label.setText(self._origin_text(fields))
        self.fields_form.setRowVisible(self.origin_label, bool(self.origin_label.text()))
        self.receipt_id_label.setText(receipt.id)
        self.controller_label.setText(_controller_of(fields))
        self.purposes_label.setText(_purposes_of(fields))
        self.policy_label.setText(str(fields.get("policyUrl", "")))
        self.signed_text.setPlainText(receipt.payload)
        if checked.valid:
            self.verdict.setText(
                self.tr("Signature valid: signed by the service's key %1.").replace(
                    "%1", receipt.key_id
                )
            )
            set_role(self.verdict, "")
        elif not checked.signature_valid:
            self.verdict.setText(
                self.tr(
                    "Signature not valid: this receipt was not signed by any key the service publishes, or it was changed afterwards. Don't rely on it; ask the service about it."
                )
            )
            set_role(self.verdict, "error")
        else:
            self.verdict.setText(
                self.tr(
                    "Signature not valid for this choice: the signed text names another choice or value than the service listed. Don't rely on it; ask the service about it."
                )
            )
            set_role(self.verdict, "error")
        self.stack.show_content()
        self._fit_height()

    def _origin_text(self, fields: dict[str, Any]) -> str:
        """Said only when the receipt names who made the change (a newer service)."""
        origin = receipt_origin(fields)
        if origin is None:
            return ""
        if origin.gpc and origin.client:
            return self.tr("A Global Privacy Control signal from %1").replace("%1", origin.client)
        if origin.gpc:
            return self.tr("A Global Privacy Control signal")
        if origin.overrides_gpc:
            return self.tr("You, over an earlier Global Privacy Control signal")
        return self.tr("You")

    def _fit_height(self) -> None:
        """As tall as its content at its width (a wrapped field needs more lines when it is
        narrower): no empty band under the receipt, room for the signed text once shown."""
        if self.layout() is None:
            return
        needed = needed_height(self, self.width())
        if self.signed_text.isVisible():
            needed += SIGNED_TEXT_ROOM
        self.resize(self.width(), needed)

    def _show_signed_text(self, shown: bool) -> None:
        self.signed_text.setVisible(shown)
        self._fit_height()
        self.signed_text_button.setText(
            self.tr("Hide the signed text") if shown else self.tr("Show the signed text")
        )
        self.signed_text_button.setAccessibleName(self.signed_text_button.text())
