"""The picture of who receives your data: categories -> purposes -> recipients.

Computed from the catalog the service declares and the user's current choices, so a new
category, purpose or recipient on the service shows up without an app release. No Qt: the
widget only draws what this module decides.

Every declared flow is one path through three columns. A path governed by a choice that is
off is kept, marked cut, so the picture can show what the switch stopped rather than let it
vanish without a trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from app.core.catalog import Catalog


class Column(IntEnum):
    CATEGORY = 0
    PURPOSE = 1
    RECIPIENT = 2


@dataclass(frozen=True, order=True)
class NodeRef:
    """A node is named by its column and its id: a purpose and a recipient may share an id."""

    column: Column
    id: str


@dataclass(frozen=True)
class FlowNode:
    ref: NodeRef
    title: str
    explanation: str
    active: int  # paths through this node that flow now
    cut: int  # paths through it stopped by a switch that is off

    @property
    def total(self) -> int:
        return self.active + self.cut


@dataclass(frozen=True)
class FlowPath:
    """One declared flow: data of `category` goes to `recipient` for `purpose`."""

    category: str
    purpose: str
    recipient: str
    choice: str | None  # the switch that governs it, if any
    active: bool  # False: that switch is off

    def refs(self) -> tuple[NodeRef, NodeRef, NodeRef]:
        return (
            NodeRef(Column.CATEGORY, self.category),
            NodeRef(Column.PURPOSE, self.purpose),
            NodeRef(Column.RECIPIENT, self.recipient),
        )

    def passes(self, ref: NodeRef) -> bool:
        return ref in self.refs()


@dataclass(frozen=True)
class FlowLink:
    """A band between two neighbouring columns, as wide as the paths it carries."""

    source: NodeRef
    target: NodeRef
    active: int
    cut: int
    choices: frozenset[str]  # every switch governing a path in this band
    cut_by: frozenset[str]  # the switches, now off, that stopped a path in it

    @property
    def total(self) -> int:
        return self.active + self.cut

    @property
    def flows(self) -> bool:
        return self.active > 0


@dataclass(frozen=True)
class FlowPicture:
    nodes: tuple[FlowNode, ...]  # by column, then in the catalog's order
    links: tuple[FlowLink, ...]
    paths: tuple[FlowPath, ...]
    focus: NodeRef | None = None  # the node the picture is filtered by, if any

    def column(self, column: Column) -> tuple[FlowNode, ...]:
        return tuple(node for node in self.nodes if node.ref.column == column)

    def node(self, ref: NodeRef) -> FlowNode | None:
        return next((node for node in self.nodes if node.ref == ref), None)

    def links_of(self, ref: NodeRef) -> tuple[FlowLink, ...]:
        return tuple(link for link in self.links if ref in (link.source, link.target))

    def cut_by(self, choice_id: str) -> tuple[FlowPath, ...]:
        return tuple(path for path in self.paths if path.choice == choice_id and not path.active)

    @property
    def is_empty(self) -> bool:
        return not self.paths

    def filtered(self, ref: NodeRef | None) -> FlowPicture:
        """Only the paths through `ref` (None: everything again)."""
        if ref is None:
            return _assemble(self._titles(), self.paths, None)
        kept = tuple(path for path in self.paths if path.passes(ref))
        return _assemble(self._titles(), kept, ref)

    def _titles(self) -> dict[NodeRef, tuple[str, str]]:
        return {node.ref: (node.title, node.explanation) for node in self.nodes}


def build_picture(
    catalog: Catalog, values: Mapping[str, bool], focus: NodeRef | None = None
) -> FlowPicture:
    """The picture for these choice values (a choice without a value has its default).

    A flow naming a category, purpose or recipient the catalog does not declare is left out:
    every band must start and end at a node that can be explained.
    """
    titles: dict[NodeRef, tuple[str, str]] = {}
    for category in catalog.categories:
        titles[NodeRef(Column.CATEGORY, category.id)] = (category.title, category.explanation)
    for purpose in catalog.purposes:
        titles[NodeRef(Column.PURPOSE, purpose.id)] = (purpose.title, purpose.explanation)
    for recipient in catalog.recipients:
        titles[NodeRef(Column.RECIPIENT, recipient.id)] = (recipient.title, recipient.explanation)
    defaults = {choice.id: choice.default for choice in catalog.choices}

    def is_on(choice_id: str | None) -> bool:
        if choice_id is None:
            return True
        # A switch the catalog does not declare cannot be shown off; it flows.
        return values.get(choice_id, defaults.get(choice_id, True))

    paths: list[FlowPath] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    for flow in catalog.flows:
        key = (flow.category, flow.purpose, flow.recipient, flow.choice)
        path = FlowPath(*key, active=is_on(flow.choice))
        if key in seen or not all(ref in titles for ref in path.refs()):
            continue
        seen.add(key)
        paths.append(path)
    picture = _assemble(titles, tuple(paths), None)
    return picture.filtered(focus) if focus is not None else picture


def _assemble(
    titles: Mapping[NodeRef, tuple[str, str]], paths: tuple[FlowPath, ...], focus: NodeRef | None
) -> FlowPicture:
    order = {ref: index for index, ref in enumerate(titles)}
    active: dict[NodeRef, int] = {}
    cut: dict[NodeRef, int] = {}
    bands: dict[tuple[NodeRef, NodeRef], list[FlowPath]] = {}
    for path in paths:
        category, purpose, recipient = path.refs()
        for ref in (category, purpose, recipient):
            counts = active if path.active else cut
            counts[ref] = counts.get(ref, 0) + 1
        bands.setdefault((category, purpose), []).append(path)
        bands.setdefault((purpose, recipient), []).append(path)
    refs = sorted(set(active) | set(cut), key=lambda ref: (ref.column, order[ref]))
    nodes = tuple(
        FlowNode(ref, *titles[ref], active=active.get(ref, 0), cut=cut.get(ref, 0)) for ref in refs
    )
    links = tuple(
        FlowLink(
            source,
            target,
            active=sum(1 for path in band if path.active),
            cut=sum(1 for path in band if not path.active),
            choices=frozenset(path.choice for path in band if path.choice is not None),
            cut_by=frozenset(
                path.choice for path in band if not path.active and path.choice is not None
            ),
        )
        for (source, target), band in sorted(
            bands.items(), key=lambda item: (order[item[0][0]], order[item[0][1]])
        )
    )
    return FlowPicture(nodes, links, paths, focus)
