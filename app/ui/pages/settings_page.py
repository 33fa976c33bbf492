"""Settings: the account, language, appearance, the agents that may file requests for the
user and Global Privacy Control, notifications, this device, and where local files live."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
    QTimer,
    QUrl,
    Signal,
    qVersion,
)
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.auth.session import SignInKept
from app.auth.vault import TokenVault
from app.core.agents import AgentAuthorisation, GpcSetting
from app.core.catalog import Choice
from app.flows.agents import AgentsOverview, GpcOverview, load_agents, load_gpc, revoke, set_gpc
from app.identity import APP_NAME, VERSION
from app.notify.events import NoticeKind
from app.notify.wording import kind_titles
from app.ui.context import DeskContext
from app.ui.dialogs.agent_dialog import AgentDialog
from app.ui.formatting import format_date
from app.ui.i18n import resources_dir
from app.ui.messages import describe_failure, describe_signed_in
from app.ui.models.agent_authorisations_model import AgentAuthorisationsModel
from app.ui.style import say, set_role
from app.ui.tasks import run_task
from app.ui.widgets.page_state import scrolling_column
from app.ui.widgets.setting_card import SettingCard, SettingSection
from app.ui.widgets.toggle_switch import ToggleSwitch

# The room between one section (a heading and its box of rows) and the next.
SECTION_SPACING = 24


def _marked(text: object) -> str:
    """QT_TRANSLATE_NOOP only marks a text for lupdate; it hands the text back untyped."""
    return str(text)


@dataclass(frozen=True)
class OptionSetting:
    """A setting with a fixed list of options, declared as data; the page builds the card."""

    key: str
    title: str
    explanation: str
    options: tuple[tuple[str, str], ...]  # (value, label); labels marked for translation


OPTION_SETTINGS = (
    OptionSetting(
        "language",
        _marked(QT_TRANSLATE_NOOP("SettingsPage", "Language")),
        _marked(
            QT_TRANSLATE_NOOP(
                "SettingsPage",
                "The language of the app and of the service's explanations. It changes at once.",
            )
        ),
        (("en", "English"), ("nl", "Nederlands")),  # each language in its own words
    ),
    OptionSetting(
        "theme",
        _marked(QT_TRANSLATE_NOOP("SettingsPage", "Appearance")),
        _marked(
            QT_TRANSLATE_NOOP(
                "SettingsPage", "Follow the desktop's light or dark style, or pick one."
            )
        ),
        (
            ("system", _marked(QT_TRANSLATE_NOOP("SettingsPage", "Follow the system"))),
            ("light", _marked(QT_TRANSLATE_NOOP("SettingsPage", "Light"))),
            ("dark", _marked(QT_TRANSLATE_NOOP("SettingsPage", "Dark"))),
        ),
    ),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


def licences_dir() -> Path:
    """The third-party licence texts that a built app carries (packaging/sbom.py copies
    them in): beside the translations, or one level up at the top of the frozen bundle."""
    resources = resources_dir()
    for candidate in (resources / "licenses", resources.parent / "licenses"):
        if candidate.is_dir():
            return candidate
    return resources / "licenses"


Confirmation = Callable[[QWidget, str, str, str], bool]


def ask_to_confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """A question whose yes-button says what it does (`action`); True when it is pressed."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(
        QCoreApplication.translate("SettingsPage", "Keep it"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is yes


def _quoted_list(titles: Sequence[str]) -> str:
    """“A”, “B” and “C”, in the user's language."""
    quoted = [f"\u201c{title}\u201d" for title in titles]
    if len(quoted) < 2:
        return "".join(quoted)
    return (
        QCoreApplication.translate("SettingsPage", "%1 and %2")
        .replace("%1", ", ".join(quoted[:-1]))
        .replace("%2", quoted[-1])
    )


def _keyring_backend(vault: TokenVault) -> tuple[str, bool]:
    """Off the GUI thread: finding out which backend keyring picked can touch D-Bus."""
    return vault.backend_name(), vault.usable()


class SettingsPage(QWidget):
    option_changed = Signal(str, str)  # key, value
    sign_out_requested = Signal()
    forget_device_requested = Signal()

    def __init__(
        self, context: DeskContext, current: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings")
        self.context = context
        # Replaced in tests; the real one asks with a native message box.
        self.confirm: Confirmation = ask_to_confirm
        self.agent_dialog: AgentDialog | None = None
        self.agents_overview: AgentsOverview | None = None
        self._gpc_confirmed: bool | None = None
        # Counts the user's clicks on the GPC switch: a read that started before the
        # latest click says nothing about the switch any more.
        self._gpc_clicks = 0
        self._loaded_once = False
        session = context.session
        heading = QLabel(self.tr("Settings"))
        heading.setObjectName("pageTitle")

        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.clicked.connect(self._sign_out)
        if session.kept is SignInKept.IN_KEYRING:
            kept = self.tr(
                "Your sign-in is kept in this computer's keyring, so you stay signed in next time."
            )
        elif session.kept is SignInKept.NOT_ASKED:
            kept = self.tr("This is the demo: it keeps nothing on this computer.")
        else:
            kept = self.tr(
                "Signed in for this session only: nothing was saved, so you will sign in again next time."
            )
        self.account_card = SettingCard(
            describe_signed_in(session.account.email),
            self.tr("Service: %1").replace("%1", session.account.service_url) + "\n" + kept,
            [self.sign_out_button],
        )

        self.option_boxes: dict[str, QComboBox] = {}
        option_rows = []
        for setting in OPTION_SETTINGS:
            box = QComboBox()
            for value, label in setting.options:
                box.addItem(_tr(label), value)
            box.setCurrentIndex(max(0, box.findData(current.get(setting.key, ""))))
            box.currentIndexChanged.connect(
                lambda _i, key=setting.key, combo=box: self.option_changed.emit(
                    key, str(combo.currentData())
                )
            )
            self.option_boxes[setting.key] = box
            option_rows.append(SettingCard(_tr(setting.title), _tr(setting.explanation), [box]))

        self.forget_button = QPushButton(self.tr("Forget this device…"))
        self.forget_button.clicked.connect(self.forget_device_requested)
        # It deletes: it looks it, and sits in its own section, apart from harmless settings.
        set_role(self.forget_button, "destructive")
        forget_row = SettingCard(
            self.tr("Forget this device"),
            self.tr(
                "Signs out and removes everything Privacy Desk keeps on this computer: the keyring entry, unsent changes, your saved receipts, crash reports and logs. Save your evidence first if you want to keep it."
            ),
            [self.forget_button],
        )

        folders = (
            (self.tr("Settings"), context.paths.config_dir),
            (self.tr("Your receipts and unsent changes"), context.paths.data_dir),
            (self.tr("Logs (deleted after 90 days)"), context.paths.log_dir),
        )
        folder_rows = []
        for title, folder in folders:
            button = QPushButton(self.tr("Open folder"))
            button.setAccessibleName(self.tr("Open folder: %1").replace("%1", title))
            button.clicked.connect(
                lambda _c=False, f=folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(f)))
            )
            folder_rows.append(SettingCard(title, str(folder), [button]))

        # Related settings as the rows of one box under a heading, as the desktop's own
        # settings apps group them; `sections` in the page's reading order.
        self.agents_section = SettingSection(self.tr("Authorised agents"))
        self.agents_heading = self.agents_section.heading
        self.gpc_section = SettingSection(self.tr("Global Privacy Control"))
        self.gpc_heading = self.gpc_section.heading
        self.gpc_section.hide()  # until the service says it knows GPC
        notice_rows, background_rows = self._notification_rows(current)
        sections = (
            (SettingSection(self.tr("Account")), [self.account_card]),
            (SettingSection(self.tr("Language and appearance")), option_rows),
            (SettingSection(self.tr("This device")), [forget_row]),
            (self.agents_section, [self._agents_card()]),
            (self.gpc_section, [self._gpc_card()]),
            (SettingSection(self.tr("Notifications")), notice_rows),
            (SettingSection(self.tr("In the background")), background_rows),
            (SettingSection(self.tr("Where local files live")), folder_rows),
            (SettingSection(self.tr("About Privacy Desk")), self._about_rows()),
        )
        self.sections = [section for section, _rows in sections]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        content = QWidget()
        layout.addWidget(scrolling_column(content, self.tr("Settings")), 1)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SECTION_SPACING)
        # Each section is put in its place before its rows join it: a row then moves to a
        # new parent once (every move costs in proportion to all the row holds).
        above_the_fold = 3
        for section, rows in sections[:above_the_fold]:
            column.addWidget(section)
            section.group.add_rows(rows)
        # The sections below the fold join the page one turn of the event loop later: the
        # page is built in one turn, and building and laying out all of it at once was the
        # largest single piece of GUI-thread work left (issue 11).
        self.lower_sections = QVBoxLayout()
        self.lower_sections.setSpacing(SECTION_SPACING)
        column.addLayout(self.lower_sections)
        column.addStretch(1)
        below = sections[above_the_fold:]
        QTimer.singleShot(0, self, lambda: self._add_below_the_fold(below))
        QTimer.singleShot(0, self, self.reload_agents_and_gpc)

    def _add_below_the_fold(
        self, sections: Sequence[tuple[SettingSection, list[SettingCard]]]
    ) -> None:
        for section, rows in sections:
            self.lower_sections.addWidget(section)
            section.group.add_rows(rows)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: what agents may do and the GPC setting are read afresh (an agent
        may have filed, an authorisation may have run out, another device may have
        changed the setting)."""
        super().showEvent(event)
        if self._loaded_once:
            self.reload_agents_and_gpc()

    def reload_agents_and_gpc(self) -> None:
        self._loaded_once = True
        session = self.context.session
        self.context.run(
            self,
            lambda: load_agents(session),
            self._show_agents,
            self._agents_not_loaded,
            latest="agents",
        )
        self.context.run(
            self,
            lambda: load_gpc(session),
            partial(self._show_gpc, clicks=self._gpc_clicks),
            self._gpc_not_loaded,
            latest="gpc-read",
        )

    # -- authorised agents ----------------------------------------------------------------

    def _agents_card(self) -> SettingCard:
        self.agents_model = AgentAuthorisationsModel(self)
        table = QTableView()
        table.setModel(self.agents_model)
        table.setAccessibleName(self.tr("Agents you gave permission"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setAccessibleName(self.tr("Columns"))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._enable_revoke())
        table.hide()  # until there is something to list
        self.agents_table = table
        self.agents_empty = QLabel(self.tr("No agent may file requests for you."))
        self.agents_empty.setObjectName("cardText")
        self.agents_empty.setWordWrap(True)
        self.agents_message = QLabel()
        self.agents_message.setTextFormat(Qt.TextFormat.PlainText)  # it may name an agent
        self.agents_message.setWordWrap(True)
        self.agents_message.setAccessibleName(self.tr("Message about agents"))
        self.agents_message.hide()
        self.authorise_button = QPushButton(self.tr("Let an agent file requests for me…"))
        self.authorise_button.setEnabled(False)  # until the service listed its agents
        self.authorise_button.clicked.connect(self.open_agent_dialog)
        self.revoke_button = QPushButton(self.tr("Revoke…"))
        self.revoke_button.setAccessibleName(self.tr("Revoke the selected permission"))
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.agents_retry = QPushButton(self.tr("Try again"))
        self.agents_retry.setAccessibleName(self.tr("Try again to read your agents"))
        self.agents_retry.clicked.connect(self.reload_agents_and_gpc)
        self.agents_retry.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.authorise_button)
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.agents_retry)
        buttons.addStretch(1)
        content = QVBoxLayout()
        content.setSpacing(8)
        content.addSpacing(4)
        content.addWidget(self.agents_table)
        content.addWidget(self.agents_empty)
        content.addWidget(self.agents_message)
        content.addLayout(buttons)
        self.agents_card = SettingCard(
            self.tr("Agents that may file requests for you"),
            self.tr(
                "An authorised agent is an app or service that files privacy requests in your name, such as asking for a copy of your data. It may act only for what you allow and only until the date you pick, and you can revoke that at any time."
            ),
        )
        self.agents_card.add_content(content)
        QWidget.setTabOrder(self.agents_table, self.authorise_button)
        QWidget.setTabOrder(self.authorise_button, self.revoke_button)
        QWidget.setTabOrder(self.revoke_button, self.agents_retry)
        return self.agents_card

    def _show_agents(self, overview: AgentsOverview) -> None:
        self.agents_overview = overview
        self.agents_retry.hide()
        offered = overview.offered
        self.agents_section.setVisible(offered)
        if not offered:
            return
        selected = self._selected_authorisation()
        self.agents_model.set_authorisations(overview.authorisations)
        has_rows = self.agents_model.rowCount() > 0
        self._fit_agents_table()
        self.agents_table.setVisible(has_rows)
        self.agents_empty.setVisible(not has_rows)
        if selected is not None:
            row = self.agents_model.row_of(selected.id)
            if row is not None:
                self.agents_table.selectRow(row)
        self.authorise_button.setEnabled(bool(overview.agents))
        self.authorise_button.setToolTip(
            "" if overview.agents else self.tr("The service lists no agents yet.")
        )
        self._enable_revoke()

    def _fit_agents_table(self) -> None:
        """As tall as its rows (two to five; more scroll), so the card has no blank box."""
        table = self.agents_table
        rows = min(max(self.agents_model.rowCount(), 2), 5)
        row_height = table.verticalHeader().defaultSectionSize()
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(header + rows * row_height + 2 * table.frameWidth())

    def _agents_not_loaded(self, error: BaseException) -> None:
        say(self.agents_message, describe_failure(error), error=True)
        self.agents_retry.show()
        self._enable_revoke()

    def _selected_authorisation(self) -> AgentAuthorisation | None:
        row = self.agents_table.currentIndex().row()
        if not 0 <= row < self.agents_model.rowCount():
            return None
        return self.agents_model.authorisation(row)

    def _enable_revoke(self) -> None:
        row = self.agents_table.currentIndex().row()
        live = self.agents_model.is_live(row)
        self.revoke_button.setEnabled(live)
        selected = self._selected_authorisation()
        self.revoke_button.setAccessibleName(
            self.tr("Revoke the permission of %1").replace("%1", selected.agent_name)
            if live and selected is not None
            else self.tr("Revoke the selected permission")
        )

    def open_agent_dialog(self) -> AgentDialog | None:
        overview = self.agents_overview
        if overview is None or not overview.agents:
            return None
        now = datetime.now(UTC)
        live = [a for a in overview.authorisations if a.live(now)]
        dialog = AgentDialog(self.context, overview.agents, live, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.granted.connect(self._on_granted)
        self.agent_dialog = dialog
        dialog.open()
        return dialog

    def _on_granted(self, authorisation: AgentAuthorisation) -> None:
        say(
            self.agents_message,
            self.tr("%1 may now file requests for you until %2.")
            .replace("%1", authorisation.agent_name)
            .replace("%2", format_date(authorisation.valid_until)),
        )
        self.reload_agents_and_gpc()

    def revoke_selected(self) -> None:
        selected = self._selected_authorisation()
        if selected is None or not selected.live(datetime.now(UTC)):
            return
        name = selected.agent_name
        title = self.tr("Stop %1 filing requests for you?").replace("%1", name)
        text = self.tr(
            "%1 can no longer file requests in your name. Requests it already filed stay, and you can cancel them under Requests."
        ).replace("%1", name)
        if not self.confirm(self, title, text, self.tr("Revoke")):
            return
        session, authorisation_id = self.context.session, selected.id
        self.revoke_button.setEnabled(False)
        self.context.run(
            self,
            lambda: revoke(session, authorisation_id),
            self._on_revoked,
            self._on_revoke_failed,
        )

    def _on_revoked(self, authorisation: AgentAuthorisation) -> None:
        say(
            self.agents_message,
            self.tr("%1 can no longer file requests for you.").replace(
                "%1", authorisation.agent_name
            ),
        )
        self.reload_agents_and_gpc()

    def _on_revoke_failed(self, error: BaseException) -> None:
        self._enable_revoke()
        say(self.agents_message, describe_failure(error), error=True)

    # -- Global Privacy Control ----------------------------------------------------------

    def _gpc_card(self) -> SettingCard:
        self.gpc_switch = ToggleSwitch()
        self.gpc_switch.clicked.connect(self._gpc_clicked)
        self.gpc_card = SettingCard(
            self.tr("Honour Global Privacy Control from my browsers and other apps"),
            self._gpc_explanation(()),
            [self.gpc_switch],
        )
        self.gpc_message = QLabel()
        self.gpc_message.setWordWrap(True)
        self.gpc_message.setAccessibleName(self.tr("Message about Global Privacy Control"))
        self.gpc_message.hide()
        message_row = QVBoxLayout()
        message_row.addWidget(self.gpc_message)
        self.gpc_card.add_content(message_row)
        return self.gpc_card

    def _gpc_explanation(self, covered: Sequence[Choice]) -> str:
        if not covered:
            return self.tr(
                "When a browser or app you use with this account sends the Global Privacy Control signal, the service switches off sharing and personalised advertising, unless you switched them on again yourself."
            )
        return self.tr(
            "When a browser or app you use with this account sends the Global Privacy Control signal, the service switches off %1, unless you switched them on again yourself."
        ).replace("%1", _quoted_list([choice.title for choice in covered]))

    def _show_gpc(self, overview: GpcOverview, clicks: int | None = None) -> None:
        offered = overview.setting is not None
        self.gpc_section.setVisible(offered)
        if overview.setting is None:
            return
        text = self._gpc_explanation(overview.covered)
        self.gpc_card.text.setText(text)
        self.gpc_switch.setAccessibleDescription(text)
        self.gpc_switch.setEnabled(True)
        if clicks is None or clicks == self._gpc_clicks:
            self._set_gpc(overview.setting)

    def _gpc_not_loaded(self, error: BaseException) -> None:
        if self._gpc_confirmed is None:
            return  # never shown: a service that cannot be asked now shows no switch
        say(self.gpc_message, describe_failure(error), error=True)

    def _set_gpc(self, setting: GpcSetting) -> None:
        self._gpc_confirmed = setting.honour_signals
        if self.gpc_switch.isChecked() != setting.honour_signals:
            self.gpc_switch.setChecked(setting.honour_signals)

    def _gpc_clicked(self, honour: bool) -> None:
        """Shown at once; put back as it was, with a sentence, if the service says no."""
        self.gpc_message.hide()
        self._gpc_clicks += 1
        session = self.context.session
        self.context.run(
            self,
            lambda: set_gpc(session, honour),
            self._set_gpc,
            self._gpc_not_saved,
            latest="gpc",
        )

    def _gpc_not_saved(self, error: BaseException) -> None:
        if self._gpc_confirmed is not None:
            self.gpc_switch.setChecked(self._gpc_confirmed)
        say(
            self.gpc_message,
            " ".join(
                (
                    self.tr("Your change was not saved, so the switch is back as it was."),
                    describe_failure(error),
                )
            ),
            error=True,
        )

    def _notification_rows(
        self, current: dict[str, str]
    ) -> tuple[list[SettingCard], list[SettingCard]]:
        """One switch per kind of notice; and running in the tray and starting at login.
        A switch says "notify:<kind>", "keep_in_tray" or "start_at_login" with "on"/"off"."""
        off = set(filter(None, current.get("notifications_off", "").split(",")))
        self.notice_switches: dict[NoticeKind, ToggleSwitch] = {}
        cards = []
        for kind, (title, text) in kind_titles().items():
            switch = ToggleSwitch()
            switch.setChecked(kind.value not in off)
            switch.toggled.connect(
                lambda on, key=f"notify:{kind.value}": self.option_changed.emit(
                    key, "on" if on else "off"
                )
            )
            self.notice_switches[kind] = switch
            cards.append(SettingCard(title, text, [switch]))
        self.tray_switch = ToggleSwitch()
        self.tray_switch.setChecked(current.get("keep_in_tray") == "on")
        self.tray_switch.toggled.connect(
            lambda on: self.option_changed.emit("keep_in_tray", "on" if on else "off")
        )
        self.login_switch = ToggleSwitch()
        self.login_switch.setChecked(current.get("start_at_login") == "on")
        self.login_switch.toggled.connect(
            lambda on: self.option_changed.emit("start_at_login", "on" if on else "off")
        )
        background = [
            SettingCard(
                self.tr("Keep running in the tray when the window is closed"),
                self.tr(
                    "Privacy Desk then keeps an eye on your requests and choices and tells you when something happens. Quit it from the tray icon."
                ),
                [self.tray_switch],
            ),
            SettingCard(
                self.tr("Start Privacy Desk when I log in"),
                self.tr(
                    "Privacy Desk starts by itself when you log in to this computer. Switch this off to remove it from the start-up list again."
                ),
                [self.login_switch],
            ),
        ]
        return cards, background

    def _about_rows(self) -> list[SettingCard]:
        """What someone helping the user needs to know: versions, keyring, licences."""
        self.version_card = SettingCard(
            f"{APP_NAME} {VERSION}",  # a name and a number: the same in every language
            self.tr("Built with Qt %1 and PySide6 %2.")
            .replace("%1", qVersion())
            .replace("%2", pyside_version),
        )
        session = self.context.session
        if session.kept is SignInKept.NOT_ASKED:
            keyring_text = self.tr("Not used: the demo keeps nothing on this computer.")
        else:
            keyring_text = self.tr("Looking up the keyring…")
            vault = session.vault
            run_task(
                self,
                lambda: _keyring_backend(vault),
                self._show_keyring_backend,
                self._keyring_backend_unknown,
            )
        self.keyring_card = SettingCard(self.tr("Keyring"), keyring_text)

        self.licences_button: QPushButton | None = None
        folder = licences_dir()
        if folder.is_dir():
            self.licences_button = QPushButton(self.tr("Open licences folder"))
            self.licences_button.clicked.connect(
                lambda _c=False, f=folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(f)))
            )
            licences_text = self.tr(
                "Privacy Desk is built on free software. The licence texts of the libraries it includes are in this folder."
            )
        else:
            licences_text = self.tr(
                "The licence texts of the libraries Privacy Desk is built on are not part of this copy. An installed copy of Privacy Desk includes them."
            )
        self.licences_card = SettingCard(
            self.tr("Third-party licences"),
            licences_text,
            [self.licences_button] if self.licences_button is not None else [],
        )
        return [self.version_card, self.keyring_card, self.licences_card]

    def _show_keyring_backend(self, found: object) -> None:
        assert isinstance(found, tuple)
        name, usable = found
        if usable:
            text = self.tr("The keyring in use: %1").replace("%1", str(name))
        else:
            text = self.tr(
                "No usable keyring was found (%1), so nothing can be kept between sessions."
            ).replace("%1", str(name))
        self.keyring_card.text.setText(text)

    def _keyring_backend_unknown(self, _error: BaseException) -> None:
        self.keyring_card.text.setText(self.tr("Could not find out which keyring is in use."))

    def _sign_out(self) -> None:
        self.sign_out_button.setEnabled(False)
        self.sign_out_button.setText(self.tr("Signing out…"))
        self.sign_out_requested.emit()
