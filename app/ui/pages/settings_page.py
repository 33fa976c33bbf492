"""Settings: the account, language, appearance, this device, and where local files live."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.auth.session import SignInKept
from app.auth.vault import TokenVault
from app.identity import APP_NAME, VERSION
from app.notify.events import NoticeKind
from app.notify.wording import kind_titles
from app.ui.context import DeskContext
from app.ui.i18n import resources_dir
from app.ui.messages import describe_signed_in
from app.ui.tasks import run_task
from app.ui.widgets.page_state import scrolling_column
from app.ui.widgets.setting_card import SettingCard
from app.ui.widgets.toggle_switch import ToggleSwitch


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
        option_cards = []
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
            option_cards.append(SettingCard(_tr(setting.title), _tr(setting.explanation), [box]))

        self.forget_button = QPushButton(self.tr("Forget this device…"))
        self.forget_button.clicked.connect(self.forget_device_requested)
        forget_card = SettingCard(
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
        folder_cards = []
        for title, folder in folders:
            button = QPushButton(self.tr("Open folder"))
            button.setAccessibleName(self.tr("Open folder: %1").replace("%1", title))
            button.clicked.connect(
                lambda _c=False, f=folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(f)))
            )
            folder_cards.append(SettingCard(title, str(folder), [button]))

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.account_card)
        for card in option_cards:
            column.addWidget(card)
        column.addWidget(forget_card)
        # The sections below the fold join the page one turn of the event loop later: the
        # page is built when first shown, and laying out and painting all eleven cards at
        # once was the largest single piece of GUI-thread work left (issue 11).
        self.lower_sections = QVBoxLayout()
        self.lower_sections.setSpacing(12)
        column.addLayout(self.lower_sections)
        column.addStretch(1)
        files_heading = QLabel(self.tr("Where local files live"))
        files_heading.setObjectName("sectionTitle")
        about_heading = QLabel(self.tr("About Privacy Desk"))
        about_heading.setObjectName("sectionTitle")
        notices_heading = QLabel(self.tr("Notifications"))
        notices_heading.setObjectName("sectionTitle")
        below = (
            (notices_heading, self._notification_cards(current)),
            (files_heading, folder_cards),
            (about_heading, self._about_cards()),
        )
        QTimer.singleShot(0, self, lambda: self._add_below_the_fold(below))
        scroll = scrolling_column(content, self.tr("Settings"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)

    def _add_below_the_fold(self, sections: Sequence[tuple[QLabel, list[SettingCard]]]) -> None:
        for heading, cards in sections:
            self.lower_sections.addSpacing(8)
            self.lower_sections.addWidget(heading)
            for card in cards:
                self.lower_sections.addWidget(card)

    def _notification_cards(self, current: dict[str, str]) -> list[SettingCard]:
        """One switch per kind of notice, then running in the tray and starting at login.
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
        cards.append(
            SettingCard(
                self.tr("Keep running in the tray when the window is closed"),
                self.tr(
                    "Privacy Desk then keeps an eye on your requests and choices and tells you when something happens. Quit it from the tray icon."
                ),
                [self.tray_switch],
            )
        )
        cards.append(
            SettingCard(
                self.tr("Start Privacy Desk when I log in"),
                self.tr(
                    "Privacy Desk starts by itself when you log in to this computer. Switch this off to remove it from the start-up list again."
                ),
                [self.login_switch],
            )
        )
        return cards

    def _about_cards(self) -> list[SettingCard]:
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
