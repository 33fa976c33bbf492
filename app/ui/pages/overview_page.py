"""Overview: who is signed in, every choice at a glance, open requests on their clock, problems."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPen, QPixmap, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.drift import DriftItem
from app.flows.overview import OverviewData, load_overview
from app.ui.context import DeskContext
from app.ui.drift_notice import describe_drift
from app.ui.formatting import days_left_text, format_timestamp, request_kind_label
from app.ui.messages import describe_failure, describe_sign_in_kept, describe_signed_in
from app.ui.style import set_role
from app.ui.tasks import ignore_result, log_failure
from app.ui.widgets.page_state import PageState, scrolling_column
from app.ui.widgets.setting_card import SettingCard


class OverviewPage(QWidget):
    open_page = Signal(str)  # objectName of the page to show

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.context = context
        self.data: OverviewData | None = None
        heading = QLabel(self.tr("Overview"))
        heading.setObjectName("pageTitle")

        self.account_card = SettingCard(describe_signed_in(context.session.account.email), "")
        self.problems = QVBoxLayout()
        self.problems.setSpacing(12)

        self.choices_grid = QGridLayout()
        self.choices_grid.setHorizontalSpacing(8)
        self.choices_grid.setVerticalSpacing(6)
        # Title, a dot, On or Off: the value right after the longest title, not at the far end.
        self.choices_grid.setColumnMinimumWidth(1, 16)
        self.choices_grid.setColumnStretch(3, 1)
        choices_button = QPushButton(self.tr("Change choices"))
        choices_button.clicked.connect(lambda: self.open_page.emit("choices"))
        self.choices_card = SettingCard(
            self.tr("Your choices"),
            self.tr("What you currently allow the service to do."),
            [choices_button],
        )
        self.choices_card.add_content(self.choices_grid)

        self.requests_list = QVBoxLayout()
        self.requests_list.setSpacing(4)
        requests_button = QPushButton(self.tr("Open requests", "button: show the Requests page"))
        requests_button.clicked.connect(lambda: self.open_page.emit("requests"))
        self.requests_card = SettingCard(
            self.tr("Open requests", "heading: the requests not yet finished"),
            self.tr("The service must answer each request within one month."),
            [requests_button],
        )
        self.requests_card.add_content(self.requests_list)

        # A change made elsewhere is news wherever the user looks, not only on the choices
        # page; once it was on screen the baseline moves past it (last_seen_choices).
        self.drift_dismiss = QPushButton(self.tr("Got it"))
        self.drift_dismiss.setAccessibleDescription(
            self.tr("Dismiss the notice about changes made elsewhere")
        )
        self.drift_dismiss.clicked.connect(self._dismiss_drift)
        self.drift_card = SettingCard("", "", [self.drift_dismiss])
        self.drift_card.title.setProperty("role", "pending")
        self.drift_card.hide()
        self.unseen_drift: tuple[DriftItem, ...] = ()

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.account_card)
        column.addLayout(self.problems)
        column.addWidget(self.drift_card)
        column.addWidget(self.choices_card)
        column.addWidget(self.requests_card)
        column.addStretch(1)
        scroll = scrolling_column(content, self.tr("Overview"))
        self.state = PageState(scroll)
        self.state.retry_requested.connect(self.reload)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.state, 1)

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the overview shows the present, not the moment it was first built."""
        super().showEvent(event)
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        if self.data is None:
            self.state.show_loading(self.tr("Loading your overview…"))
        session, journal = self.context.session, self.context.journal
        last_seen = self.context.last_seen

        # Reloads overlap (each confirmation asks for one): the newest answer is shown.
        self.context.run(
            self,
            lambda: load_overview(session, journal, last_seen),
            self._show,
            self._on_failed,
            latest="overview",
        )

    def _on_failed(self, error: BaseException) -> None:
        if self.data is None:  # nothing shown yet: the page says it could not be read
            self.state.show_failure(
                error, describe_failure(error), title=self.tr("Your overview can't be shown")
            )
            return
        self._set_problems([(self.tr("Not up to date"), describe_failure(error), "error")])

    def _show(self, data: OverviewData) -> None:
        self.data = data
        session = self.context.session
        self.account_card.text.setText(
            self.tr("Service: %1").replace("%1", session.account.service_url)
            + "\n"
            + self.tr("Last synced %1").replace("%1", format_timestamp(data.synced_at))
        )
        self._fill_choices(data)
        self._fill_requests(data)
        self._show_drift(data)
        # (title, what to do, how it is shown: "error" red, "pending" highlighted, "" plain)
        problems: list[tuple[str, str, str]] = []
        if data.pending:
            problems.append(
                (
                    self.tr("%n change(s) not confirmed yet", "", len(data.pending)),
                    self.tr(
                        "They are kept on this computer and sent automatically when the service can be reached."
                    ),
                    "pending",
                )
            )
        kept_notice = describe_sign_in_kept(session.kept)
        if kept_notice is not None:
            problems.append((*kept_notice, ""))
        self._set_problems(problems)
        self.state.show_content()

    def _show_drift(self, data: OverviewData) -> None:
        self.unseen_drift = data.drift
        if not data.drift:
            self.drift_card.hide()
            return
        title, text = describe_drift(data.drift, data.catalog)
        self.drift_card.title.setText(title)
        self.drift_card.text.setText(text)
        self.drift_card.show()
        if self.isVisible():
            self._drift_seen()

    def _dismiss_drift(self) -> None:
        self.drift_card.hide()
        self._drift_seen()

    def _drift_seen(self) -> None:
        """The notice was on screen: what it pointed out becomes the baseline."""
        seen = {item.choice_id: item.now for item in self.unseen_drift}
        self.unseen_drift = ()
        if not seen or self.data is None:
            return
        everything = {v.id: v.value for v in self.data.values.values}
        last_seen, key = self.context.last_seen, self.context.session.account.vault_key
        self.context.run(
            self,
            lambda: last_seen.mark_seen(key, seen, everything),
            ignore_result,
            log_failure("noting the choices changed elsewhere"),
        )

    def _fill_choices(self, data: OverviewData) -> None:
        _clear(self.choices_grid)
        for row, choice in enumerate(data.catalog.choices):
            wanted = data.pending.get(choice.id)
            value = data.values.value_of(choice.id) if wanted is None else wanted
            title = QLabel(choice.title)
            title.setTextFormat(Qt.TextFormat.PlainText)
            state_text = "—" if value is None else self.tr("On") if value else self.tr("Off")
            if wanted is not None:
                state_text = self.tr("%1 (waiting to be sent)").replace("%1", state_text)
            state = QLabel(state_text)
            state.setTextFormat(Qt.TextFormat.PlainText)
            state.setObjectName("choiceOn" if value else "cardText")
            if value:  # told apart by more than a colour: a filled dot and bold words
                font = state.font()
                font.setBold(True)
                state.setFont(font)
            state.setAccessibleName(f"{choice.title}: {state_text}")
            dot = QLabel()
            dot.setPixmap(_state_dot(bool(value), self.palette(), title.fontMetrics().height()))
            self.choices_grid.addWidget(title, row, 0)
            self.choices_grid.addWidget(dot, row, 1, Qt.AlignmentFlag.AlignCenter)
            self.choices_grid.addWidget(state, row, 2)

    def _fill_requests(self, data: OverviewData) -> None:
        _clear(self.requests_list)
        open_requests = [r for r in data.requests if r.status.is_open]
        if not open_requests:
            empty = QLabel(self.tr("No open requests."))
            empty.setObjectName("cardText")
            self.requests_list.addWidget(empty)
            return
        now = datetime.now(UTC)
        for request in sorted(open_requests, key=lambda r: r.due_at):
            left, overdue = days_left_text(request, now)
            label = QLabel(f"{request_kind_label(request.kind)} · {left}")
            self.requests_list.addWidget(label)
            set_role(label, "error" if overdue else "")

    def _set_problems(self, problems: list[tuple[str, str, str]]) -> None:
        _clear(self.problems)
        for title, text, role in problems:
            card = SettingCard(title, text)
            self.problems.addWidget(card)
            set_role(card.title, role)


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def _state_dot(on: bool, palette: QPalette, height: int) -> QPixmap:
    """A filled dot in the highlight colour for On, a ring in the faint text colour for Off."""
    size = max(8, height * 3 // 5)
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if on:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    else:
        pen = QPen(palette.color(QPalette.ColorRole.PlaceholderText))
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return pixmap
