"""FlowPicture: who receives your data, drawn as bands from categories to purposes to
recipients (a Sankey-like picture).

What is drawn is decided by `app.core.data_flows` (no Qt); this widget lays it out and
paints it in the palette's own colours, so it reads in a light and a dark theme alike. A band
a switch stopped stays as a faint dashed outline: the user sees what the switch cut. Hovering
a box or a band explains it; clicking a box shows only the flows through it, clicking it again
(or Escape) shows everything. The page beside it offers the same content as a list.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.core.data_flows import Column, FlowLink, FlowNode, FlowPicture, NodeRef

UNIT = 13.0  # pixels of band per flow
NODE_GAP = 10.0
MARGIN = 8.0
MIN_WIDTH = 480


@dataclass(frozen=True)
class PlacedNode:
    node: FlowNode
    rect: QRectF


@dataclass(frozen=True)
class PlacedLink:
    link: FlowLink
    shape: QPainterPath


class FlowPictureWidget(QWidget):
    focus_changed = Signal(object)  # the NodeRef the picture is filtered by, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = FlowPicture((), (), ())
        self.focus: NodeRef | None = None
        # The picture as drawn (filtered by `focus`), assembled once per change of either:
        # hover and paint read it on every mouse move.
        self._shown = self.full
        self.choice_titles: dict[str, str] = {}
        self.placed_nodes: list[PlacedNode] = []
        self.placed_links: list[PlacedLink] = []
        self._hovered: NodeRef | FlowLink | None = None
        self.setMouseTracking(True)
        # Clicked, it takes the focus so that Escape clears a filter; Tab passes it by, the
        # list beside it is the keyboard's way through the same content.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Picture of who receives your data"))
        self.setAccessibleDescription(
            self.tr("The list beside the picture holds the same flows, for the keyboard.")
        )

    # -- what is shown --------------------------------------------------------------------

    @property
    def shown(self) -> FlowPicture:
        return self._shown

    def set_picture(self, picture: FlowPicture, choice_titles: Mapping[str, str]) -> None:
        """A new picture (the choices changed, say); a filter stays while its node is in it."""
        self.full = picture
        self.choice_titles = dict(choice_titles)
        if self.focus is not None and picture.node(self.focus) is None:
            self.focus = None
            self._hovered = None
            self.focus_changed.emit(None)
        self._shown = picture.filtered(self.focus)
        self._relayout()

    def set_focus_node(self, ref: NodeRef | None) -> None:
        if ref == self.focus:
            return
        self.focus = ref
        self._hovered = None
        self._shown = self.full.filtered(ref)
        self._relayout()
        self.focus_changed.emit(ref)

    def toggle_focus(self, ref: NodeRef) -> None:
        self.set_focus_node(None if ref == self.focus else ref)

    def node_rect(self, ref: NodeRef) -> QRectF | None:
        return next((p.rect for p in self.placed_nodes if p.node.ref == ref), None)

    # -- layout ---------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(MIN_WIDTH + 200, self.minimumHeight())

    def _line(self) -> float:
        return float(QFontMetrics(self.font()).height())

    def _node_width(self) -> float:
        return max(120.0, min(220.0, (self.width() - 2 * MARGIN) * 0.26))

    def _node_height(self, node: FlowNode) -> float:
        """Tall enough for its bands and for its title, wrapped onto a second line if need be."""
        metrics = QFontMetrics(self.font())
        wrapped = metrics.boundingRect(
            0, 0, int(self._node_width() - 14), 1000, Qt.TextFlag.TextWordWrap, node.title
        )
        lines = min(2, max(1, round(wrapped.height() / metrics.lineSpacing())))
        return max(node.total * UNIT, lines * metrics.lineSpacing() + 10)

    def _relayout(self) -> None:
        # Filtered and measured once per layout: the picture is recomputed on every resize.
        picture = self.shown
        columns = [picture.column(column) for column in Column]
        node_heights = {node.ref: self._node_height(node) for nodes in columns for node in nodes}
        heights = [
            sum(node_heights[node.ref] for node in nodes) + NODE_GAP * max(0, len(nodes) - 1)
            for nodes in columns
        ]
        top = MARGIN + self._line() + 10
        self.setMinimumHeight(int(top + max(heights, default=0) + MARGIN))
        self.setMinimumWidth(MIN_WIDTH)
        self._place(picture, columns, node_heights, heights, top)
        self.update()

    def _place(
        self,
        picture: FlowPicture,
        columns: list[tuple[FlowNode, ...]],
        node_heights: Mapping[NodeRef, float],
        heights: list[float],
        top: float,
    ) -> None:
        width = float(self.width())
        node_width = self._node_width()
        lefts = (MARGIN, (width - node_width) / 2, width - MARGIN - node_width)
        tallest = max(heights, default=0.0)
        self.placed_nodes = []
        for column, nodes in enumerate(columns):
            y = top + (tallest - heights[column]) / 2
            for node in nodes:
                height = node_heights[node.ref]
                rect = QRectF(lefts[column], y, node_width, height)
                self.placed_nodes.append(PlacedNode(node, rect))
                y += height + NODE_GAP
        rects = {placed.node.ref: placed.rect for placed in self.placed_nodes}
        self.placed_links = []
        # Bands leave a box in the order of where they go, and arrive in the order of where
        # they come from, so that they cross as little as they can.
        out_offset: dict[NodeRef, float] = {}
        in_offset: dict[NodeRef, float] = {}
        links = sorted(
            picture.links, key=lambda link: (rects[link.source].top(), rects[link.target].top())
        )
        by_target = sorted(
            links, key=lambda link: (rects[link.target].top(), rects[link.source].top())
        )
        starts: dict[FlowLink, float] = {}
        for link in links:
            starts[link] = self._port(picture, rects[link.source], link.source, out_offset, link)
        ends: dict[FlowLink, float] = {}
        for link in by_target:
            ends[link] = self._port(picture, rects[link.target], link.target, in_offset, link)
        for link in links:
            thickness = link.total * UNIT
            x0 = rects[link.source].right()
            x1 = rects[link.target].left()
            y0, y1 = starts[link], ends[link]
            middle = (x0 + x1) / 2
            shape = QPainterPath(QPointF(x0, y0))
            shape.cubicTo(QPointF(middle, y0), QPointF(middle, y1), QPointF(x1, y1))
            shape.lineTo(QPointF(x1, y1 + thickness))
            shape.cubicTo(
                QPointF(middle, y1 + thickness),
                QPointF(middle, y0 + thickness),
                QPointF(x0, y0 + thickness),
            )
            shape.closeSubpath()
            self.placed_links.append(PlacedLink(link, shape))

    def _port(
        self,
        picture: FlowPicture,
        rect: QRectF,
        ref: NodeRef,
        offsets: dict[NodeRef, float],
        link: FlowLink,
    ) -> float:
        """Where the band meets the box: bands stacked, centred in a box taller than them."""
        node = picture.node(ref)
        assert node is not None
        used = node.total * UNIT
        start = rect.top() + (rect.height() - used) / 2
        offset = offsets.get(ref, 0.0)
        offsets[ref] = offset + link.total * UNIT
        return start + offset

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._relayout()

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        self._paint_headings(painter, faint)
        related = self._related_links()
        for placed in self.placed_links:
            link = placed.link
            strong = related is None or link in related
            if link.flows:
                fill = QColor(accent)
                if related is None:
                    fill.setAlpha(120 if dark else 85)
                else:  # something is hovered: its bands stand out, the others step back
                    fill.setAlpha((190 if dark else 150) if strong else 30)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawPath(placed.shape)
            else:
                outline = QColor(faint)
                outline.setAlpha(200 if strong else 70)
                pen = QPen(outline, 1.2, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(placed.shape)
        metrics = QFontMetrics(self.font())
        for placed_node in self.placed_nodes:
            self._paint_node(painter, placed_node, metrics, text, faint, accent)
        painter.end()

    def _paint_headings(self, painter: QPainter, colour: QColor) -> None:
        headings = (self.tr("Your data"), self.tr("Used for"), self.tr("Received by"))
        lefts: dict[Column, float] = {}
        for placed in self.placed_nodes:
            lefts.setdefault(placed.node.ref.column, placed.rect.left())
        width = self.placed_nodes[0].rect.width() if self.placed_nodes else 0.0
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colour)
        for column, heading in zip(Column, headings, strict=True):
            if column in lefts:
                painter.drawText(
                    QRectF(lefts[column], MARGIN, width, self._line()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    heading,
                )
        font.setBold(False)
        painter.setFont(font)

    def _paint_node(
        self,
        painter: QPainter,
        placed: PlacedNode,
        metrics: QFontMetrics,
        text: QColor,
        faint: QColor,
        accent: QColor,
    ) -> None:
        palette = self.palette()
        node, rect = placed.node, placed.rect
        hovered = self._hovered == node.ref
        focused = self.focus == node.ref
        painter.setBrush(palette.color(QPalette.ColorRole.Button))
        if focused or hovered:
            painter.setPen(QPen(accent, 2))
        elif node.active == 0:
            painter.setPen(QPen(faint, 1, Qt.PenStyle.DashLine))
        else:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        painter.setPen(text if node.active else faint)
        inside = rect.adjusted(7, 4, -7, -4)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        needed = metrics.boundingRect(
            inside.toRect(), int(flags) | int(Qt.TextFlag.TextWordWrap), node.title
        )
        if needed.height() <= inside.height() + 1 and needed.width() <= inside.width() + 1:
            painter.drawText(inside, int(flags) | int(Qt.TextFlag.TextWordWrap), node.title)
        else:  # longer than two lines, or one long word: the tooltip has all of it
            label = metrics.elidedText(node.title, Qt.TextElideMode.ElideRight, int(inside.width()))
            painter.drawText(inside, flags, label)

    def _related_links(self) -> set[FlowLink] | None:
        """The bands to draw strongly while something is hovered (None: all of them)."""
        hovered = self._hovered
        if hovered is None:
            return None
        if isinstance(hovered, FlowLink):
            return {hovered}
        shown = self.shown
        through = [path for path in shown.paths if path.passes(hovered)]
        related: set[FlowLink] = set()
        for link in shown.links:
            for path in through:
                refs = path.refs()
                if (link.source, link.target) in ((refs[0], refs[1]), (refs[1], refs[2])):
                    related.add(link)
                    break
        return related

    # -- pointer and keyboard -------------------------------------------------------------

    def item_at(self, point: QPointF) -> NodeRef | FlowLink | None:
        for placed in self.placed_nodes:
            if placed.rect.contains(point):
                return placed.node.ref
        for placed_link in reversed(self.placed_links):
            if placed_link.shape.contains(point):
                return placed_link.link
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hovered = self.item_at(event.position())
        if hovered != self._hovered:
            self._hovered = hovered
            self.setCursor(
                Qt.CursorShape.PointingHandCursor
                if isinstance(hovered, NodeRef)
                else Qt.CursorShape.ArrowCursor
            )
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = None
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            target = self.item_at(event.position())
            if isinstance(target, NodeRef):
                self.toggle_focus(target)
                event.accept()
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.focus is not None:
            self.set_focus_node(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            explanation = self.explain(self.item_at(QPointF(event.pos())))
            if explanation:
                QToolTip.showText(event.globalPos(), explanation, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def explain(self, item: NodeRef | FlowLink | None) -> str:
        """The tooltip: the service's texts escaped, never taken for markup."""
        shown = self.shown
        if isinstance(item, NodeRef):
            node = shown.node(item)
            if node is None:
                return ""
            lines = [f"<b>{html.escape(node.title)}</b>", html.escape(node.explanation)]
            if node.active == 0:
                lines.append(self.tr("Nothing flows here now: a switch that is off stops it."))
            lines.append(
                self.tr("Click to see only what goes through here; click again to see everything.")
            )
            return "<p>" + "<br>".join(lines) + "</p>"
        if isinstance(item, FlowLink):
            source, target = shown.node(item.source), shown.node(item.target)
            if source is None or target is None:
                return ""
            head = f"<b>{html.escape(source.title)} → {html.escape(target.title)}</b>"
            if item.flows:
                state = self.tr("This data flows now.")
            else:
                state = self.tr("Stopped, because this switch is off: %1").replace(
                    "%1", self._choice_names(item.cut_by)
                )
            lines = [head, html.escape(state)]
            if item.flows and item.cut_by:
                lines.append(
                    html.escape(
                        self.tr("Part of it is stopped, because this switch is off: %1").replace(
                            "%1", self._choice_names(item.cut_by)
                        )
                    )
                )
            governing = item.choices - item.cut_by
            if item.flows and governing:
                lines.append(
                    html.escape(
                        self.tr("Part of it stops when you switch off: %1").replace(
                            "%1", self._choice_names(governing)
                        )
                    )
                )
            return "<p>" + "<br>".join(lines) + "</p>"
        return ""

    def _choice_names(self, choice_ids: frozenset[str]) -> str:
        return ", ".join(
            f"“{self.choice_titles.get(choice_id, choice_id)}”" for choice_id in sorted(choice_ids)
        )

    def point_of(self, ref: NodeRef) -> QPoint:
        """The middle of a box, for clicking it (tests, and the page's own use)."""
        rect = self.node_rect(ref)
        assert rect is not None
        return rect.center().toPoint()
