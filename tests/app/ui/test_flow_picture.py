"""The flow picture widget: bands drawn from the model, hovering explains, clicking filters."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from app.core.catalog import Catalog, Category, Choice, DataFlow, Purpose, Recipient
from app.core.choices import ChoiceValue, ChoiceValues
from app.core.data_flows import Column, NodeRef, build_picture
from app.flows.choice_loading import LoadedChoices
from app.ui.pages.flows_page import FlowsPage
from app.ui.widgets.flow_picture import FlowPictureWidget

CATALOG = Catalog(
    "en",
    (Choice("X5", "Share what you watch", "…", False, ("C6",)),),
    (
        Category("C6", "What you watch", "Films and <b>shows</b>.", "", "", "", "", True, None),
        Category("C7", "Partner reporting", "Counts.", "", "", "", "", True, None),
    ),
    (Purpose("sharing", "Sharing", "With consent."), Purpose("fees", "Paying", "Counts.")),
    (Recipient("partners", "Content partners", "Who supply films."),),
    (
        DataFlow("C6", "sharing", "partners", "X5"),
        DataFlow("C7", "fees", "partners", None),
    ),
)
PARTNERS = NodeRef(Column.RECIPIENT, "partners")
VALUES = ChoiceValues('"1"', (ChoiceValue("X5", False, None),))
WATCHED = NodeRef(Column.CATEGORY, "C6")


def _widget(qtbot: QtBot, values: dict[str, bool]) -> FlowPictureWidget:
    widget = FlowPictureWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 300)
    widget.set_picture(build_picture(CATALOG, values), {"X5": "Share what you watch"})
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_node_of_the_picture_gets_a_box_in_its_column(qtbot: QtBot) -> None:
    widget = _widget(qtbot, {"X5": True})

    boxes = {placed.node.ref: placed.rect for placed in widget.placed_nodes}
    assert set(boxes) == {node.ref for node in widget.full.nodes}
    assert boxes[WATCHED].left() < boxes[NodeRef(Column.PURPOSE, "sharing")].left()
    assert boxes[NodeRef(Column.PURPOSE, "sharing")].left() < boxes[PARTNERS].left()
    assert len(widget.placed_links) == 4
    assert widget.grab().width() == widget.width()  # paints without error


def test_clicking_a_box_filters_and_clicking_it_again_shows_everything(qtbot: QtBot) -> None:
    widget = _widget(qtbot, {"X5": True})
    focus: list[object] = []
    widget.focus_changed.connect(focus.append)

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.point_of(WATCHED))

    assert widget.focus == WATCHED
    assert {path.category for path in widget.shown.paths} == {"C6"}
    assert {placed.node.ref.id for placed in widget.placed_nodes} == {"C6", "sharing", "partners"}
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.point_of(WATCHED))
    assert widget.focus is None
    assert len(widget.placed_nodes) == 5
    assert focus == [WATCHED, None]


def test_escape_clears_the_filter(qtbot: QtBot) -> None:
    widget = _widget(qtbot, {"X5": True})
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.point_of(PARTNERS))
    assert widget.focus == PARTNERS

    qtbot.keyClick(widget, Qt.Key.Key_Escape)

    assert widget.focus is None


def test_hovering_a_box_explains_it_and_the_service_s_markup_stays_text(qtbot: QtBot) -> None:
    widget = _widget(qtbot, {"X5": True})

    text = widget.explain(widget.item_at(QPointF(widget.point_of(WATCHED))))

    assert "What you watch" in text
    assert "&lt;b&gt;shows&lt;/b&gt;" in text and "<b>shows</b>" not in text


def test_a_band_cut_by_a_switch_says_which_switch_stopped_it(qtbot: QtBot) -> None:
    widget = _widget(qtbot, {"X5": False})
    cut = next(placed for placed in widget.placed_links if not placed.link.flows)
    assert cut.link.cut_by == {"X5"}

    text = widget.explain(cut.link)

    assert "Stopped, because this switch is off" in text
    assert "“Share what you watch”" in text
    flowing = next(placed for placed in widget.placed_links if placed.link.flows)
    assert "This data flows now." in widget.explain(flowing.link)


# --- the page around it, given what a load brought (no network here) ----------------------


def _page(qtbot: QtBot) -> FlowsPage:
    context = SimpleNamespace(session=None, stores=None, last_seen=None)
    page = FlowsPage(context)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    return page


def test_an_older_service_without_flows_gets_a_page_that_says_so(qtbot: QtBot) -> None:
    page = _page(qtbot)
    older = Catalog("en", CATALOG.choices, CATALOG.categories)

    page._on_loaded(LoadedChoices(older, VALUES, {}))

    assert page.state.currentIndex() == 2
    assert "does not say yet who receives your data" in page.state.empty.text()


def test_offline_with_a_kept_catalog_without_flows_says_it_waits_for_the_service(
    qtbot: QtBot,
) -> None:
    page = _page(qtbot)
    kept = Catalog("en", CATALOG.choices, CATALOG.categories)

    page._on_loaded(LoadedChoices(kept, None, {"X5": True}))

    assert page.state.currentIndex() == 0
    assert page.state.message.text().startswith("Not connected")


def test_the_list_holds_the_same_flows_as_the_picture_with_their_state(qtbot: QtBot) -> None:
    page = _page(qtbot)

    page._on_loaded(LoadedChoices(CATALOG, VALUES, {}))

    model = page.list_model
    assert page.state.currentIndex() == 1
    watched = model.index(0, 0)
    assert watched.data() == "What you watch"
    sharing = model.index(0, 0, watched)
    partners = model.index(0, 0, sharing)
    assert (sharing.data(), partners.data()) == ("Sharing", "Content partners")
    assert model.index(0, 1, sharing).data() == "Off"
    assert "“Share what you watch”" in model.index(0, 1, sharing).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1, 1).data() == "On"  # partner reporting still goes
