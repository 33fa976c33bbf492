"""Who receives your data, against the real service: a switch cuts and restores its flows in
the picture and in the list, and clicking a box filters both."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from pytestqt.qtbot import QtBot

from app.core.data_flows import Column, NodeRef
from app.ui.main_window import MainWindow
from app.ui.pages.flows_page import NODE_ROLE, FlowsPage
from server.embedded import EmbeddedService
from tests.e2e.conftest import DeskFactory, start_signed_in, wait_for_choices

SHARING = NodeRef(Column.PURPOSE, "partner_sharing")
PARTNERS = NodeRef(Column.RECIPIENT, "content_partners")


def _partner_sharing_flows(page: FlowsPage) -> bool:
    """Does what you watch reach content partners through the consent, in the picture?"""
    return any(
        link.flows
        for link in page.picture.full.links
        if (link.source, link.target) == (SHARING, PARTNERS)
    )


def _rows(model: QStandardItemModel, parent: QModelIndex | None = None) -> list[tuple[str, ...]]:
    """Every leaf of the list as (category, purpose, recipient, state)."""
    parent = parent or QModelIndex()
    rows: list[tuple[str, ...]] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        state = model.index(row, 1, parent).data()
        ref = index.data(NODE_ROLE)
        if model.rowCount(index) == 0:
            rows.append((ref.id, state))
        for child in _rows(model, index):
            rows.append((ref.id, *child))
    return rows


def _open_flows(qtbot: QtBot, window: MainWindow) -> FlowsPage:
    page = window.flows_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.state.currentIndex() == 1, timeout=15_000)
    return page


def _flip(qtbot: QtBot, window: MainWindow, choice_id: str) -> None:
    window.show_page(window.choices_page)
    card = window.choices_page.cards[choice_id]
    qtbot.mouseClick(card.switch, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not card.pending, timeout=15_000)


def test_sharing_with_content_partners_cuts_and_restores_the_partners_flows(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    wait_for_choices(qtbot, window)
    page = _open_flows(qtbot, window)
    # X5 is off by default: the consent flow is drawn cut, and the list says Off.
    assert not _partner_sharing_flows(page)
    assert ("C6", "partner_sharing", "content_partners", "Off") in _rows(page.list_model)

    _flip(qtbot, window, "X5")  # on
    qtbot.waitUntil(lambda: _partner_sharing_flows(page), timeout=15_000)
    assert ("C6", "partner_sharing", "content_partners", "On") in _rows(page.list_model)

    _flip(qtbot, window, "X5")  # off again
    qtbot.waitUntil(lambda: not _partner_sharing_flows(page), timeout=15_000)
    rows = _rows(page.list_model)
    assert ("C6", "partner_sharing", "content_partners", "Off") in rows
    # Only the consent's flow is cut: the counts partners are paid by still go, as before.
    assert ("C7", "partner_fees", "content_partners", "On") in rows
    assert [path.choice for path in page.picture.full.paths if not path.active] == ["X5"]


def test_clicking_a_box_shows_only_its_flows_in_the_picture_and_the_list(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = _open_flows(qtbot, window)
    qtbot.waitExposed(page.picture)
    everything = len(_rows(page.list_model))

    qtbot.mouseClick(page.picture, Qt.MouseButton.LeftButton, pos=page.picture.point_of(PARTNERS))

    assert page.picture.focus == PARTNERS
    rows = _rows(page.list_model)
    assert 0 < len(rows) < everything
    assert {row[2] for row in rows} == {"content_partners"}
    assert {row[0] for row in rows} == {"C6", "C7"}
    assert page.filter_bar.isVisible()
    assert "Content partners" in page.filter_label.text()

    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert page.picture.focus is None
    assert len(_rows(page.list_model)) == everything
    assert not page.filter_bar.isVisible()


def test_the_list_filters_from_the_keyboard_too(
    qtbot: QtBot, live_service: EmbeddedService, make_desk: DeskFactory
) -> None:
    _desk, window = start_signed_in(qtbot, make_desk, live_service.base_url)
    page = _open_flows(qtbot, window)
    model = page.list_model
    first = model.index(0, 0)
    assert first.data(NODE_ROLE) == NodeRef(Column.CATEGORY, "C1")
    page.tree.setFocus()
    page.tree.setCurrentIndex(first)

    qtbot.keyClick(page.tree, Qt.Key.Key_Return)

    assert page.picture.focus == NodeRef(Column.CATEGORY, "C1")
    assert {row[0] for row in _rows(model)} == {"C1"}
    assert page.tree.accessibleName() == "Who receives your data, as a list"
