"""The main window: a sidebar of pages, like the desktop's own settings app."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QImage,
    QImageReader,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.core.requests import PrivacyRequest
from app.local.evidence_store import EvidenceStore
from app.ui.context import DeskContext
from app.ui.first_paint import after_first_paint
from app.ui.i18n import resources_dir
from app.ui.messages import describe_signed_in
from app.ui.pages.choices_page import ChoicesPage
from app.ui.pages.copy_viewer_page import CopyViewerPage
from app.ui.pages.data_page import DataPage
from app.ui.pages.flows_page import FlowsPage
from app.ui.pages.history_page import HistoryPage
from app.ui.pages.overview_page import OverviewPage
from app.ui.pages.requests_page import RequestsPage
from app.ui.pages.settings_page import SettingsPage
from app.ui.plain_text import plain_label
from app.ui.tasks import log_failure

# The sidebar, top to bottom (page object names).
SIDEBAR = ("overview", "data", "flows", "choices", "requests", "copy", "history", "settings")
# After the first page, the order the others are built in: what holds the user's
# unconfirmed changes first.
BUILD_ORDER = ("overview", "choices", "requests", "history", "data", "flows", "settings", "copy")
# How long after the window's first paint the other pages start being built: the page on
# screen loads first, without their loads (answered by the in-process service, in the demo)
# competing with it. A page that is asked for sooner is built on the spot.
BUILD_OTHERS_AFTER_MS = 1000
# And this long between two of them: a pause in which the event loop serves its timers and
# the answers that came in, so two builds never run back to back in one long turn.
BUILD_PAUSE_MS = 25
PageT = TypeVar("PageT", bound=QWidget)


@runtime_checkable
class Reloadable(Protocol):
    """A page that reads what it shows from the service again on `reload()`."""

    def reload(self) -> None: ...


# Each page's icon: the desktop's own (freedesktop icon naming), else ours from
# resources/icons/sidebar/<page>.svg, so that Windows and macOS show one too.
SIDEBAR_ICONS = {
    "overview": "view-grid",
    "data": "drive-harddisk",
    "flows": "emblem-shared",
    "choices": "preferences-system-privacy",
    "requests": "document-send",
    "copy": "folder-download",
    "history": "document-open-recent",
    "settings": "preferences-system",
}
SIDEBAR_ICON_SIZE = 22
SIDEBAR_WIDTH = 230
SIDEBAR_MAX_WIDTH = 300
# Narrower than this, the sidebar shows its icons only (the titles in tooltips and to a
# screen reader), so that the window still works at 800 x 600.
SIDEBAR_COMPACT_BELOW = 980
SIDEBAR_COMPACT_WIDTH = 64
# Pages are no wider than this, centred: lines stay readable on a wide screen, as in the
# desktop's settings apps (the page's own margins come off it).
PAGE_MAX_WIDTH = 1000


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    forget_device_requested = Signal()
    option_changed = Signal(str, str)
    reconnect_requested = Signal()  # "Try now" on the not-connected notice

    def __init__(
        self,
        context: DeskContext,
        current_options: dict[str, str],
        parent: QWidget | None = None,
        *,
        first_page: str = SIDEBAR[0],
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.setWindowTitle(self.tr("Privacy Desk"))
        self.resize(QSize(1120, 800))

        self.current_options = current_options
        # The page shown first is built at once; the others one per turn of the event loop,
        # starting a while after the window was painted (BUILD_OTHERS_AFTER_MS), so that
        # opening the window never holds the GUI thread for long; a page that is asked for
        # (shown, or used by another) is built on the spot.
        self._pages: dict[str, QWidget] = {}
        self._builders: dict[str, Callable[[], QWidget]] = {
            "overview": self._build_overview,
            "data": self._build_data,
            "flows": self._build_flows,
            "choices": self._build_choices,
            "requests": self._build_requests,
            "copy": self._build_copy,
            "history": self._build_history,
            "settings": self._build_settings,
        }
        titles = {
            "overview": self.tr("Overview"),
            "data": self.tr("Your data"),
            "flows": self.tr("Who receives your data"),
            "choices": self.tr("Privacy choices"),
            "requests": self.tr("Requests"),
            "copy": self.tr("Copy of your data"),
            "history": self.tr("History"),
            "settings": self.tr("Settings"),
        }

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Pages"))
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.sidebar.setIconSize(QSize(SIDEBAR_ICON_SIZE, SIDEBAR_ICON_SIZE))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar_compact = False
        self._sidebar_rows = SidebarRows(self.sidebar)
        self.sidebar.setItemDelegate(self._sidebar_rows)
        self._titles = titles
        self.stack = QStackedWidget()
        for name in SIDEBAR:
            item = QListWidgetItem(titles[name])
            item.setData(Qt.ItemDataRole.AccessibleTextRole, titles[name])
            self.sidebar.addItem(item)
            placeholder = QWidget()
            placeholder.setObjectName(name)
            self.stack.addWidget(placeholder)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.sidebar.setCurrentRow(SIDEBAR.index(first_page) if first_page in SIDEBAR else 0)

        # Shown while the service cannot be reached: why, when the next try is, Try now.
        self.connection_notice = plain_label()  # it can quote a certificate's names
        self.connection_notice.setWordWrap(True)
        self.connection_notice.setProperty("role", "pending")
        self.try_now_button = QPushButton(self.tr("Try now"))
        # Announced as it reads ("Try now"); what it tries is the description.
        self.try_now_button.setAccessibleDescription(
            self.tr("Try to reach the privacy service now")
        )
        self.try_now_button.clicked.connect(self.reconnect_requested)
        self.connection_bar = QFrame()
        self.connection_bar.setObjectName("card")
        bar = QHBoxLayout(self.connection_bar)
        bar.setContentsMargins(18, 10, 18, 10)
        bar.addWidget(self.connection_notice, 1)
        bar.addWidget(self.try_now_button)
        self.connection_bar.hide()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.connection_bar)
        # The pages in a centred column no wider than PAGE_MAX_WIDTH.
        self.stack.setMaximumWidth(PAGE_MAX_WIDTH)
        pages_row = QHBoxLayout()
        pages_row.setContentsMargins(0, 0, 0, 0)
        pages_row.setSpacing(0)
        pages_row.addStretch(1)
        pages_row.addWidget(self.stack, 1000)
        pages_row.addStretch(1)
        right.addLayout(pages_row, 1)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addLayout(right, 1)
        self.setCentralWidget(central)
        self._paint_sidebar_icons()
        after_first_paint(
            self, lambda: QTimer.singleShot(BUILD_OTHERS_AFTER_MS, self, self._build_next)
        )

    # -- the sidebar: icons, and icons only when narrow -------------------------------------

    def _paint_sidebar_icons(self) -> None:
        palette = self.palette()
        for row, name in enumerate(SIDEBAR):
            item = self.sidebar.item(row)
            if item is not None:
                item.setIcon(sidebar_icon(name, palette))

    def changeEvent(self, event: QEvent) -> None:
        """A theme change repaints our own icons in the new text colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_sidebar_icons()
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_sidebar()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_sidebar()  # polished now: the style sheet's padding counts

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Compact before the widest page's minimum would stop the window from narrowing.
        widest_page = self.stack.minimumSizeHint().width()
        compact_below = max(SIDEBAR_COMPACT_BELOW, SIDEBAR_MAX_WIDTH + widest_page + 24)
        self.set_sidebar_compact(event.size().width() < compact_below)

    def set_sidebar_compact(self, compact: bool) -> None:
        """Icons only (titles in tooltips and announced by a screen reader), or icons and titles."""
        if compact == self.sidebar_compact:
            return
        self.sidebar_compact = compact
        for row, name in enumerate(SIDEBAR):
            item = self.sidebar.item(row)
            if item is None:
                continue
            item.setToolTip(self._titles[name] if compact else "")
        self._sidebar_rows.compact = compact
        self.sidebar.doItemsLayout()
        self.sidebar.viewport().update()
        self._fit_sidebar()

    def _fit_sidebar(self) -> None:
        """As wide as its rows need (icons only, or icons and titles in the language shown),
        the style sheet's padding and the list's frame included."""
        frame = self.sidebar.width() - self.sidebar.viewport().width()
        rows = self.sidebar.sizeHintForColumn(0) + frame
        if self.sidebar_compact:
            self.sidebar.setFixedWidth(max(SIDEBAR_COMPACT_WIDTH, rows))
        else:
            self.sidebar.setFixedWidth(min(max(SIDEBAR_WIDTH, rows), SIDEBAR_MAX_WIDTH))

    # -- the pages, built when first needed -----------------------------------------------

    @property
    def overview_page(self) -> OverviewPage:
        return self._page("overview", OverviewPage)

    @property
    def data_page(self) -> DataPage:
        return self._page("data", DataPage)

    @property
    def flows_page(self) -> FlowsPage:
        return self._page("flows", FlowsPage)

    @property
    def choices_page(self) -> ChoicesPage:
        return self._page("choices", ChoicesPage)

    @property
    def requests_page(self) -> RequestsPage:
        return self._page("requests", RequestsPage)

    @property
    def copy_page(self) -> CopyViewerPage:
        return self._page("copy", CopyViewerPage)

    @property
    def history_page(self) -> HistoryPage:
        return self._page("history", HistoryPage)

    @property
    def settings_page(self) -> SettingsPage:
        return self._page("settings", SettingsPage)

    @property
    def evidence(self) -> EvidenceStore:
        return self.context.evidence

    @property
    def built_pages(self) -> frozenset[str]:
        """The pages built so far (the others are placeholders until needed)."""
        return frozenset(self._pages)

    def _page(self, name: str, kind: type[PageT]) -> PageT:
        page = self._pages.get(name)
        if page is None:
            page = self._builders[name]()
            self._pages[name] = page
            index = SIDEBAR.index(name)
            placeholder = self.stack.widget(index)
            assert placeholder is not None
            showing = self.stack.currentIndex() == index
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if showing:
                self.stack.setCurrentIndex(index)
        assert isinstance(page, kind)
        return page

    def _build_next(self) -> None:
        for name in BUILD_ORDER:
            if name not in self._pages:
                self._page(name, QWidget)
                QTimer.singleShot(BUILD_PAUSE_MS, self, self._build_next)
                return

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(SIDEBAR):
            self._page(SIDEBAR[row], QWidget)
        self.stack.setCurrentIndex(row)

    def _build_overview(self) -> QWidget:
        page = OverviewPage(self.context)
        page.open_page.connect(self.show_page_named)
        page.reload()
        return page

    def _build_data(self) -> QWidget:
        page = DataPage(self.context)
        page.copy_requested.connect(self.ask_for_copy)
        page.reload()
        return page

    def _build_flows(self) -> QWidget:
        page = FlowsPage(self.context)
        page.reload()
        return page

    def _reload_built(self, *names: str) -> None:
        """Read these pages again, those already built: a page not built yet loads when it
        is (building it here would put its whole construction into this one turn)."""
        for name in names:
            page = self._pages.get(name)
            if isinstance(page, Reloadable):
                page.reload()

    def _build_choices(self) -> QWidget:
        page = ChoicesPage(self.context)
        page.sync.confirmed.connect(lambda *_: self._reload_built("overview", "flows", "history"))
        page.open_category.connect(self._open_category)
        page.reload()
        return page

    def _build_requests(self) -> QWidget:
        page = RequestsPage(self.context)
        page.acknowledged.connect(self._keep_acknowledgement)
        page.acknowledged.connect(lambda *_: self._reload_built("overview"))
        page.open_copy_requested.connect(self._open_copy)
        page.reload()
        return page

    def _build_copy(self) -> QWidget:
        return CopyViewerPage(self.context)

    def _build_history(self) -> QWidget:
        page = HistoryPage(self.context)
        page.reload()
        page.sync()  # fetch receipts and acknowledgements not kept yet
        return page

    def _build_settings(self) -> QWidget:
        page = SettingsPage(self.context, self.current_options)
        page.sign_out_requested.connect(self.sign_out_requested)
        page.forget_device_requested.connect(self.forget_device_requested)
        page.option_changed.connect(self.option_changed)
        return page

    def show_connection_problem(self, text: str, *, can_try_now: bool = True) -> None:
        """Started offline (or lost the service): say so above every page."""
        self.connection_notice.setText(text)
        self.try_now_button.setVisible(can_try_now)
        self.connection_bar.show()

    def connection_restored(self) -> None:
        """The service answered: every page built so far is read again (the others read
        it when they are built)."""
        self.connection_bar.hide()
        account_line = describe_signed_in(self.session.account.email)
        for name in ("overview", "settings"):
            page = self._pages.get(name)
            if isinstance(page, OverviewPage | SettingsPage):
                page.account_card.title.setText(account_line)
        self._reload_built("choices", "overview", "history", "requests", "data", "flows")
        history = self._pages.get("history")
        if isinstance(history, HistoryPage):
            history.sync()

    def _keep_acknowledgement(self, request: PrivacyRequest) -> None:
        """The evidence log is a file: written off the GUI thread."""
        evidence = self.evidence
        # Not kept now, it comes with the History page's next sync from the service.
        self.context.run(
            self,
            lambda: evidence.add_acknowledgement(
                request.id, request.kind, request.status, request.received_at, request.due_at
            ),
            lambda _entry: self._reload_built("history"),
            log_failure("keeping a request's acknowledgement"),
        )

    def _open_copy(self, path: Path) -> None:
        self.copy_page.open_copy(path)
        self.show_page(self.copy_page)

    def _open_category(self, category_id: str) -> None:
        self.show_page(self.data_page)
        self.data_page.select_category(category_id)

    def ask_for_copy(self) -> None:
        self.show_page(self.requests_page)
        self.requests_page.request_copy()

    def show_page(self, page: QWidget) -> None:
        self.sidebar.setCurrentRow(self.stack.indexOf(page))

    def show_page_named(self, name: str) -> None:
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            if page is not None and page.objectName() == name:
                self.sidebar.setCurrentRow(index)
                return


class SidebarRows(QStyledItemDelegate):
    """Draws the sidebar's rows; `compact`: the icon only (the item keeps its title, for a
    screen reader, and shows it as a tooltip)."""

    compact = False

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        super().initStyleOption(option, index)
        if self.compact:
            option.text = ""
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDisplay


def sidebar_icon(name: str, palette: QPalette) -> QIcon:
    """The desktop's icon for a page, or ours drawn in the palette's text colour (its
    highlighted-text colour on the selected row), at the screen's pixel ratio."""
    themed = QIcon.fromTheme(SIDEBAR_ICONS[name])
    if not themed.isNull():
        return themed
    screen = QGuiApplication.primaryScreen()
    ratio = max(1, math.ceil(screen.devicePixelRatio())) if screen is not None else 1
    icon = QIcon()
    for mode, role in (
        (QIcon.Mode.Normal, QPalette.ColorRole.WindowText),
        (QIcon.Mode.Selected, QPalette.ColorRole.HighlightedText),
    ):
        for scale in sorted({1, ratio}):
            image = _painted_svg(name, palette.color(role).name(), SIDEBAR_ICON_SIZE * scale)
            if image.isNull():
                return QIcon()
            icon.addPixmap(QPixmap.fromImage(image), mode)
    return icon


@functools.cache
def _painted_svg(name: str, colour: str, size: int) -> QImage:
    """Our line icon `name` in `colour`, through Qt's SVG image plugin (in the bundle; the
    app imports no QtSvg module). Drawn once per colour and size: a new window (after a
    sign-out, a theme change back) reuses it rather than rendering on the GUI thread again.
    An image, not a pixmap, so nothing kept needs the application; a null one when the
    file cannot be read."""
    try:
        svg = (resources_dir() / "icons" / "sidebar" / f"{name}.svg").read_text(encoding="utf-8")
    except OSError:
        return QImage()
    data = QByteArray(svg.replace("#000000", colour).encode("utf-8"))
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return reader.read()
