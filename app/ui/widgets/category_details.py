"""The card above a category's records on Your data: what it is, where it comes from, why
it is kept, who receives it, how long, and when it was collected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.core.data import CategorySummary
from app.ui.formatting import format_timestamp
from app.ui.widgets.elided_label import ElidedLabel

ONE_LINE_FACTS = ("ccpa", "collected")


class CategoryDetails(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = ElidedLabel()
        self.title.setObjectName("cardTitle")
        self.text = QLabel()
        self.text.setObjectName("cardText")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Sentences wrap; the short values (a list of CCPA categories, dates) keep to one
        # line, ending in "…" with the whole value in the tooltip when the card is narrow.
        self.facts: dict[str, QLabel] = {}
        for key, label in (
            ("sources", self.tr("Where it comes from")),
            ("purposes", self.tr("Why it is kept")),
            ("recipients", self.tr("Who receives it")),
            ("retention", self.tr("How long it is kept")),
            ("ccpa", self.tr("CCPA categories")),
            ("collected", self.tr("Collected")),
        ):
            value = ElidedLabel() if key in ONE_LINE_FACTS else QLabel()
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(key not in ONE_LINE_FACTS)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self.facts[key] = value
            form.addRow(label, value)
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 14)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addLayout(form)

    def show_category(self, category: CategorySummary, explanation: str) -> None:
        """`explanation`: what the catalog says the category is ("" when it says nothing)."""
        self.title.setText(category.title)
        self.text.setText(explanation)
        self.text.setVisible(bool(explanation))
        self.facts["sources"].setText(category.sources)
        self.facts["purposes"].setText(category.purposes)
        self.facts["recipients"].setText(category.recipients)
        self.facts["retention"].setText(category.retention)
        self.facts["ccpa"].setText(", ".join(category.ccpa) or "—")
        self.facts["collected"].setText(self._collected_text(category))

    def _collected_text(self, category: CategorySummary) -> str:
        if category.first_collected is None or category.last_collected is None:
            return self.tr("Nothing collected so far")
        if category.first_collected == category.last_collected:
            return format_timestamp(category.first_collected)
        return (
            self.tr("From %1 to %2")
            .replace("%1", format_timestamp(category.first_collected))
            .replace("%2", format_timestamp(category.last_collected))
        )
