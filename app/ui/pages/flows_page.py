"""Who receives your data: the catalog's flows as a picture, and the same as a list.

The picture and the list show what `app.core.data_flows` computes from the catalog and the
user's current choices; both follow the same filter. The page reloads when a choice is
confirmed (MainWindow), so a switch turned off visibly cuts the flows it governs.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Catalog
from app.core.data_flows import Column, FlowPath, FlowPicture, NodeRef, build_picture
from app.flows.choice_loading import LoadedChoices, load_choices
from app.ui.context import DeskContext
from app.ui.messages import describe_failure
from app.ui.plain_text import plain_label, plain_tooltip
from app.ui.widgets.flow_picture import FlowPictureWidget
from app.ui.widgets.headings import page_heading
from app.ui.widgets.page_state import PageState, scrolling_column
from app.ui.widgets.table_sizing import flat_tree

NODE_ROLE = Qt.ItemDataRole.UserRole + 1


class FlowsPage(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flows")
        self.context = context
        self.session = context.session
        self.catalog: Catalog | None = None
        self.values: dict[str, bool] = {}

        heading, intro = page_heading(
            self.tr("Who receives your data"),
            self.tr(
                "Where each kind of data goes, and why. A switch that is off stops the flows it governs: they show as dashed outlines."
            ),
        )

        # Shown while the picture is filtered by one box: what it shows, and the way back.
        self.filter_label = plain_label()
        self.filter_label.setWordWrap(True)
        self.filter_label.setProperty("role", "pending")
        self.show_all_button = QPushButton(self.tr("Show everything"))
        self.show_all_button.setAccessibleDescription(
            self.tr("Show the flows of all your data again")
        )
        self.show_all_button.clicked.connect(self.show_everything)
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(0, 0, 0, 0)
        filter_row.addWidget(self.filter_label, 1)
        filter_row.addWidget(self.show_all_button)
        self.filter_bar = QWidget()
        self.filter_bar.setLayout(filter_row)
        self.filter_bar.hide()

        self.picture = FlowPictureWidget()
        self.picture.focus_changed.connect(self._on_focus_changed)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.picture)
        holder_layout.addStretch(1)
        self.picture_scroll: QScrollArea = scrolling_column(
            holder, self.tr("Who receives your data")
        )
        self.picture_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        legend = QLabel(
            self.tr(
                "Hover over a box or a band to read what it means. Click a box to see only its flows; click it again or press Escape to see everything."
            )
        )
        legend.setObjectName("cardText")
        legend.setWordWrap(True)
        picture_column = QWidget()
        column = QVBoxLayout(picture_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picture_scroll, 1)
        column.addWidget(legend)

        self.list_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.list_model)
        self.tree.setAccessibleName(self.tr("Who receives your data, as a list"))
        self.tree.setAccessibleDescription(
            self.tr(
                "Each kind of data, what it is used for and who receives it. Press Enter on a row to see only its flows."
            )
        )
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        flat_tree(self.tree)
        self.tree.activated.connect(self._on_row_activated)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(picture_column)
        splitter.addWidget(self.tree)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.tree.setMinimumWidth(280)

        self.state = PageState(
            splitter,
            empty_icon="emblem-shared",
            empty_title=self.tr("No recipients listed yet"),
            empty_text=self.tr(
                "This service does not say yet who receives your data. Once it does, the picture appears here."
            ),
        )
        self.state.retry_requested.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.state, 1)

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """The catalog and the current choices, read off the GUI thread."""
        if self.catalog is None:
            self.state.show_loading(self.tr("Loading who receives your data…"))
        session, cache, last_seen = (
            self.session,
            self.context.stores.catalog_cache,
            (self.context.last_seen),
        )
        self.context.run(
            self,
            lambda: load_choices(session, cache, last_seen),
            self._on_loaded,
            self._on_load_failed,
            latest="flows",
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.catalog is not None:
            # Shown again: the picture follows what the service holds now, a choice changed
            # on another device included.
            self.reload()

    def _on_loaded(self, result: LoadedChoices) -> None:
        values = (
            {value.id: value.value for value in result.values.values}
            if result.values is not None
            else dict(result.last_known)
        )
        if result.values is None and not result.catalog.flows:
            # Started offline with a catalog kept from before: it may not hold the flows.
            self.filter_bar.hide()
            self.state.show_error(
                self.tr(
                    "Not connected: the picture of who receives your data appears as soon as the service can be reached."
                ),
                title=self._failure_title(),
                icon="network-offline",
            )
            return
        self.show_flows(result.catalog, values)

    def _on_load_failed(self, error: BaseException) -> None:
        if self.catalog is None:
            self.state.show_failure(error, describe_failure(error), title=self._failure_title())
        # Otherwise the picture of the last load stays; the window says why the service is away.

    def _failure_title(self) -> str:
        return self.tr("Where your data goes can't be shown")

    def show_flows(self, catalog: Catalog, values: dict[str, bool]) -> None:
        self.catalog, self.values = catalog, values
        picture = build_picture(catalog, values)
        if picture.is_empty:
            self.filter_bar.hide()  # nothing to filter, nothing to show everything of
            self.state.show_empty()
            return
        titles = {choice.id: choice.title for choice in catalog.choices}
        self.picture.set_picture(picture, titles)
        self._fill_list()
        self.state.show_content()

    # -- filter ---------------------------------------------------------------------------

    def _on_focus_changed(self, ref: NodeRef | None) -> None:
        node = self.picture.shown.node(ref) if ref is not None else None
        if node is None:
            self.filter_bar.hide()
        else:
            self.filter_label.setText(
                self.tr("Showing only the flows through “%1”.").replace("%1", node.title)
            )
            self.filter_bar.show()
        self._fill_list()

    def show_everything(self) -> None:
        self.picture.set_focus_node(None)

    def _on_row_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        ref = index.sibling(index.row(), 0).data(NODE_ROLE)
        if isinstance(ref, NodeRef):
            self.picture.toggle_focus(ref)

    # -- the list -------------------------------------------------------------------------

    def _fill_list(self) -> None:
        picture = self.picture.shown
        model = self.list_model
        model.clear()
        model.setHorizontalHeaderLabels([self.tr("Where it goes"), self.tr("Now")])
        categories: dict[str, list[FlowPath]] = {}
        for path in picture.paths:
            categories.setdefault(path.category, []).append(path)
        for node in picture.column(Column.CATEGORY):
            paths = categories[node.ref.id]
            category_item = self._item(picture, node.ref)
            purposes: dict[str, list[FlowPath]] = {}
            for path in paths:
                purposes.setdefault(path.purpose, []).append(path)
            for purpose_paths in purposes.values():
                purpose_item = self._item(picture, purpose_paths[0].refs()[1])
                recipients: dict[str, list[FlowPath]] = {}
                for path in purpose_paths:
                    recipients.setdefault(path.recipient, []).append(path)
                for recipient_paths in recipients.values():
                    purpose_item.appendRow(
                        [
                            self._item(picture, recipient_paths[0].refs()[2]),
                            self._state_item(recipient_paths),
                        ]
                    )
                category_item.appendRow([purpose_item, self._state_item(purpose_paths)])
            model.appendRow([category_item, self._state_item(paths)])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def _item(self, picture: FlowPicture, ref: NodeRef) -> QStandardItem:
        node = picture.node(ref)
        item = QStandardItem(node.title if node else ref.id)
        item.setData(ref, NODE_ROLE)
        if node is not None:  # the whole title too, when the column cuts it
            item.setToolTip(plain_tooltip(f"{node.title}\n{node.explanation}"))
        item.setEditable(False)
        return item

    def _state_item(self, paths: list[FlowPath]) -> QStandardItem:
        """On, off or partly: short, so the column stays narrow; the tooltip says why."""
        stopped = [path for path in paths if not path.active]
        switches = sorted({path.choice for path in stopped if path.choice is not None})
        names = ", ".join(
            f"“{choice.title}”"
            for choice in (self.catalog.choice(c) if self.catalog else None for c in switches)
            if choice is not None
        )
        if not stopped:
            item = QStandardItem(self.tr("On"))
            item.setToolTip(self.tr("This data goes there now."))
        else:
            item = QStandardItem(
                self.tr("Off") if len(stopped) == len(paths) else self.tr("Partly")
            )
            item.setToolTip(
                plain_tooltip(self.tr("Stopped by a switch that is off: %1").replace("%1", names))
            )
            item.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))
        item.setEditable(False)
        item.setData(item.toolTip(), Qt.ItemDataRole.AccessibleDescriptionRole)
        return item
