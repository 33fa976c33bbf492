"""Dump an application's accessibility tree as a screen reader sees it, over AT-SPI, as JSON.

    /usr/bin/python3 tests/support/atspi_tree.py --pid PID [--expect ID ...] [--timeout 20]

Runs under the system Python, not the project's virtual environment: `pyatspi` (with the
GObject bindings it stands on) is a Debian package (python3-pyatspi), not a wheel. It
needs the session bus the application is on (DBUS_SESSION_BUS_ADDRESS); the accessibility
bus is found through it, as Orca finds it.

It waits until the application with that process id is on the accessibility bus and
every `--expect`ed accessible id (`QWidget.setAccessibleIdentifier`) can be found among
the showing nodes (or `--timeout` has passed), then prints one JSON object:

    {"app": name, "missing": [expected ids not found],
     "nodes": [{"index", "parent", "role", "name", "description", "id", "states": [...],
                "relations": {"labelled-by": [index, ...]}}, ...]}

Only showing nodes are listed, and item views (lists, tables, trees) are not opened: their
rows are not stops of the Tab key. Exit status 2 with a message on stderr when the bus, the
application or its window cannot be reached in time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

NOT_OPENED = {"table", "tree table", "tree", "list", "list box"}
MAX_NODES = 5000


def fail(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.exit(2)


try:
    import pyatspi  # noqa: F401  (pulls in and sets up the Atspi introspection bindings)
    from gi.repository import Atspi
except ImportError as error:  # pragma: no cover - depends on the system
    fail(
        f"cannot import pyatspi ({error}): install the Debian packages python3-pyatspi and "
        "at-spi2-core and run this file with /usr/bin/python3"
    )


def _key(accessible: Any) -> str:
    return str(accessible.path)  # one application: its object paths are unique


def _states(accessible: Any) -> list[str]:
    state_set = accessible.get_state_set()
    return sorted(
        Atspi.StateType(value).value_nick
        for value in range(int(Atspi.StateType.LAST_DEFINED))
        if state_set.contains(Atspi.StateType(value))
    )


def find_application(pid: int, deadline: float) -> Any:
    last_error = ""
    while time.monotonic() < deadline:
        try:
            desktop = Atspi.get_desktop(0)
            for number in range(desktop.get_child_count()):
                candidate = desktop.get_child_at_index(number)
                if candidate is not None and candidate.get_process_id() == pid:
                    return candidate
        except Exception as error:  # the bus may not be up yet
            last_error = str(error)
        time.sleep(0.2)
    fail(
        f"no application with process id {pid} on the accessibility bus"
        + (f" ({last_error})" if last_error else "")
        + ": is at-spi2-core installed and QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 set?"
    )


def walk(application: Any) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    index_of: dict[str, int] = {}
    pending_relations: list[tuple[dict[str, Any], str, Any]] = []
    stack: list[tuple[Any, int | None]] = [(application, None)]
    while stack and len(nodes) < MAX_NODES:
        accessible, parent = stack.pop()
        try:
            states = _states(accessible)
            if parent is not None and "showing" not in states:
                continue
            role = accessible.get_role_name()
            node: dict[str, Any] = {
                "index": len(nodes),
                "parent": parent,
                "role": role,
                "name": accessible.get_name() or "",
                "description": accessible.get_description() or "",
                "id": accessible.get_accessible_id() or "",
                "states": states,
                "relations": {},
            }
            for relation in accessible.get_relation_set() or []:
                kind = relation.get_relation_type().value_nick
                for target in range(relation.get_n_targets()):
                    pending_relations.append((node, kind, relation.get_target(target)))
            index_of[_key(accessible)] = node["index"]
            nodes.append(node)
            if role in NOT_OPENED:
                continue
            children = [
                accessible.get_child_at_index(number)
                for number in range(accessible.get_child_count())
            ]
        except Exception:
            continue  # a widget deleted while we looked: the next walk will see the rest
        for child in reversed(children):
            if child is not None:
                stack.append((child, node["index"]))
    for node, kind, target in pending_relations:
        try:
            found = index_of.get(_key(target))
        except Exception:
            found = None
        node["relations"].setdefault(kind, []).append(found)
    return nodes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--expect", nargs="*", default=[], help="accessible ids to wait for")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    application = find_application(args.pid, deadline)
    expected = set(args.expect)
    while True:
        nodes = walk(application)
        missing = expected - {node["id"] for node in nodes}
        has_window = any(node["role"] == "frame" for node in nodes)
        if has_window and not missing:
            break
        if time.monotonic() >= deadline:
            if not has_window:
                fail(f"no window of process {args.pid} on the accessibility bus in time")
            break  # the caller reports the controls that never appeared
        time.sleep(0.2)
    json.dump(
        {"app": application.get_name(), "nodes": nodes, "missing": sorted(missing)}, sys.stdout
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
