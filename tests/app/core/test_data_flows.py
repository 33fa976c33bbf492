"""The picture of who receives your data, computed without Qt from the catalog and choices."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.api.parse import parse_catalog
from app.core.catalog import Catalog, Category, Choice, DataFlow, Purpose, Recipient
from app.core.data_flows import Column, FlowPicture, NodeRef, build_picture


def _category(category_id: str) -> Category:
    return Category(category_id, f"Title {category_id}", "What.", "", "", "", "", True, None)


def _catalog(flows: list[DataFlow], choices: list[Choice] | None = None) -> Catalog:
    category_ids = sorted({flow.category for flow in flows} | {"C1"})
    purpose_ids = sorted({flow.purpose for flow in flows})
    recipient_ids = sorted({flow.recipient for flow in flows})
    return Catalog(
        "en",
        tuple(choices or ()),
        tuple(_category(c) for c in category_ids),
        tuple(Purpose(p, f"Purpose {p}", "Why.") for p in purpose_ids),
        tuple(Recipient(r, f"Recipient {r}", "Who.") for r in recipient_ids),
        tuple(flows),
    )


WATCHING = DataFlow("C6", "ads", "ad-partners", "X2")
SHARING = DataFlow("C6", "sharing", "content-partners", "X5")
FEES = DataFlow("C7", "fees", "content-partners", None)
SYNC = DataFlow("C6", "run", "service", None)
X5 = Choice("X5", "Share with content partners", "…", False, ("C6",))
X2 = Choice("X2", "Personalised ads", "…", True, ("C6",))
CATALOG = _catalog([WATCHING, SHARING, FEES, SYNC], [X2, X5])


def test_sharing_with_content_partners_off_cuts_only_the_partners_flow_from_what_you_watch() -> (
    None
):
    on = build_picture(CATALOG, {"X5": True})
    off = build_picture(CATALOG, {"X5": False})

    sharing_band = (
        NodeRef(Column.PURPOSE, "sharing"),
        NodeRef(Column.RECIPIENT, "content-partners"),
    )
    assert _link(on, *sharing_band).active == 1
    assert _link(off, *sharing_band).active == 0
    assert _link(off, *sharing_band).cut_by == {"X5"}
    assert [path.category for path in off.cut_by("X5")] == ["C6"]
    # The partners still get the anonymous counts of C7: that flow is not the switch's.
    partners = off.node(NodeRef(Column.RECIPIENT, "content-partners"))
    assert partners is not None and (partners.active, partners.cut) == (1, 1)


def test_a_choice_without_a_value_takes_its_default_from_the_catalog() -> None:
    picture = build_picture(CATALOG, {})

    assert {path.choice for path in picture.paths if not path.active} == {"X5"}


def test_a_flow_naming_an_undeclared_recipient_is_left_out() -> None:
    catalog = _catalog([SYNC])
    broken = Catalog(
        "en",
        (),
        catalog.categories,
        catalog.purposes,
        catalog.recipients,
        (*catalog.flows, DataFlow("C6", "run", "nobody-declared", None)),
    )

    picture = build_picture(broken, {})

    assert [path.recipient for path in picture.paths] == ["service"]


def test_filtering_by_a_recipient_keeps_only_what_reaches_it() -> None:
    picture = build_picture(CATALOG, {"X5": True})

    partners = picture.filtered(NodeRef(Column.RECIPIENT, "content-partners"))

    assert {path.category for path in partners.paths} == {"C6", "C7"}
    assert [node.ref.id for node in partners.column(Column.RECIPIENT)] == ["content-partners"]
    assert [node.ref.id for node in partners.column(Column.PURPOSE)] == ["fees", "sharing"]
    assert partners.focus == NodeRef(Column.RECIPIENT, "content-partners")


def test_an_older_service_without_flows_gives_an_empty_picture() -> None:
    data = {
        "language": "en",
        "choices": [],
        "categories": [
            {
                "id": "C1",
                "title": "Profile",
                "explanation": "…",
                "sources": "…",
                "purposes": "…",
                "recipients": "…",
                "retention": "…",
                "holds_records": True,
            }
        ],
    }

    catalog = parse_catalog(data)

    assert catalog.flows == () and catalog.purposes == () and catalog.recipients == ()
    assert build_picture(catalog, {}).is_empty


def test_the_service_s_flows_are_read_per_category() -> None:
    data = {
        "language": "nl",
        "choices": [],
        "purposes": [{"id": "sharing", "title": "Delen", "explanation": "Waarom."}],
        "recipients": [{"id": "content", "title": "Contentpartners", "explanation": "Wie."}],
        "categories": [
            {
                "id": "C6",
                "title": "Kijken",
                "explanation": "…",
                "sources": "…",
                "purposes": "…",
                "recipients": "…",
                "retention": "…",
                "holds_records": True,
                "flows": [{"purpose": "sharing", "recipient": "content", "choice": "X5"}],
            }
        ],
    }

    catalog = parse_catalog(data)

    assert catalog.flows == (DataFlow("C6", "sharing", "content", "X5"),)
    assert catalog.recipients == (Recipient("content", "Contentpartners", "Wie."),)


def _link(picture: FlowPicture, source: NodeRef, target: NodeRef):  # type: ignore[no-untyped-def]
    return next(link for link in picture.links if (link.source, link.target) == (source, target))


# --- properties over any catalog ---------------------------------------------------------

CHOICE_IDS = ["X1", "X2", "X3"]
flows_strategy = st.lists(
    st.builds(
        DataFlow,
        category=st.sampled_from(["C1", "C2", "C3", "C4"]),
        purpose=st.sampled_from(["run", "ads", "fees"]),
        recipient=st.sampled_from(["service", "ads", "partners"]),  # "ads" in two columns
        choice=st.sampled_from([None, *CHOICE_IDS]),
    ),
    max_size=25,
)
values_strategy = st.dictionaries(st.sampled_from(CHOICE_IDS), st.booleans())


@given(flows_strategy, values_strategy)
def test_every_link_starts_and_ends_at_a_node_of_the_next_column(
    flows: list[DataFlow], values: dict[str, bool]
) -> None:
    picture = build_picture(_catalog(flows), values)
    refs = {node.ref for node in picture.nodes}

    for link in picture.links:
        assert link.source in refs and link.target in refs
        assert link.target.column == link.source.column + 1
        assert link.total > 0
    # At a purpose, what comes in goes out: a Sankey keeps its widths.
    for node in picture.column(Column.PURPOSE):
        incoming = sum(link.active for link in picture.links if link.target == node.ref)
        outgoing = sum(link.active for link in picture.links if link.source == node.ref)
        assert incoming == outgoing == node.active


@given(flows_strategy, values_strategy, st.sampled_from(CHOICE_IDS))
def test_turning_a_choice_off_cuts_exactly_the_flows_it_governs(
    flows: list[DataFlow], values: dict[str, bool], choice_id: str
) -> None:
    catalog = _catalog(flows)
    on = build_picture(catalog, {**values, choice_id: True})
    off = build_picture(catalog, {**values, choice_id: False})

    def flowing(picture: FlowPicture) -> set[tuple[str, str, str, str | None]]:
        return {(p.category, p.purpose, p.recipient, p.choice) for p in picture.paths if p.active}

    governed = {key for key in flowing(on) if key[3] == choice_id}
    assert flowing(off) == flowing(on) - governed
    assert {(p.category, p.purpose, p.recipient, p.choice) for p in off.cut_by(choice_id)} == (
        governed
    )
    # Bands change width only where a governed flow ran; a band of only those stops.
    for link in on.links:
        after = _link(off, link.source, link.target)
        lost = sum(1 for key in governed if _band_carries(link.source, link.target, key))
        assert after.active == link.active - lost
        assert after.flows == (link.active > lost)


@given(flows_strategy, values_strategy, st.data())
def test_filtering_by_a_node_keeps_only_the_paths_through_it(
    flows: list[DataFlow], values: dict[str, bool], data: st.DataObject
) -> None:
    picture = build_picture(_catalog(flows), values)
    if not picture.nodes:
        assert picture.filtered(NodeRef(Column.CATEGORY, "C1")).paths == ()
        return
    node = data.draw(st.sampled_from(picture.nodes))

    filtered = picture.filtered(node.ref)

    assert set(filtered.paths) == {p for p in picture.paths if p.passes(node.ref)}
    assert all(path.passes(node.ref) for path in filtered.paths)
    assert {n.ref for n in filtered.nodes} == {ref for p in filtered.paths for ref in p.refs()}
    assert filtered.node(node.ref) == node  # the focus itself keeps all its paths
    assert picture.filtered(None).paths == picture.paths


def _band_carries(source: NodeRef, target: NodeRef, key: tuple[str, str, str, str | None]) -> bool:
    refs = (
        NodeRef(Column.CATEGORY, key[0]),
        NodeRef(Column.PURPOSE, key[1]),
        NodeRef(Column.RECIPIENT, key[2]),
    )
    return (source, target) in ((refs[0], refs[1]), (refs[1], refs[2]))
