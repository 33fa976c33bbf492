"""The layer rule of docs/architecture.md, read from the source: which part may import what.

Dependencies point one way (`ui → flows → auth, api, local → core`), the service and the
app stay apart, and the service's routers are not libraries for each other: what two of
them share lives in a service module beside them (`server/choices_state.py`,
`server/cursors.py`, `server/step_up.py`, ...). Each rule is one row of `RULES`; a
violation names the file, the line and the module imported. Every import counts, also one
inside a function or under `TYPE_CHECKING`: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED_PACKAGES = ("app", "server")


@dataclass(frozen=True)
class LayerRule:
    """Modules under `importer` import nothing under `forbidden`, except `allowed`.

    A name ending in `.*` means what is inside that package, not the package itself.
    """

    importer: str
    forbidden: tuple[str, ...]
    why: str
    allowed: tuple[str, ...] = ()

    def refuses(self, module: str, imported: str) -> bool:
        return (
            _within(module, self.importer)
            and imported != module
            and any(_within(imported, name) for name in self.forbidden)
            and not any(_within(imported, name) for name in self.allowed)
        )


# The routers' own helpers, which every router may import.
ROUTER_HELPERS = ("server.api.deps", "server.api.language")

RULES = (
    LayerRule("server", ("app",), "the service never imports the app"),
    LayerRule(
        "app.core",
        ("PySide6", "requests", "keyring"),
        "core is plain Python: no Qt, no HTTP, no keyring",
    ),
    LayerRule("app.api", ("app.local", "app.ui"), "the HTTP client knows no storage and no UI"),
    LayerRule("app.flows", ("PySide6",), "flows are tested without Qt"),
    LayerRule(
        "server.api",
        ("server.api.*",),
        "a router imports no other router: shared rules live in service modules",
        allowed=ROUTER_HELPERS,
    ),
)


@dataclass(frozen=True)
class Import:
    line: int
    module: str
    names: tuple[str, ...]  # of `from module import names`; empty for `import module`


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    module: str
    imported: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.module} imports {self.imported} ({self.why})"


def _within(name: str, package: str) -> bool:
    if package.endswith(".*"):
        return name.startswith(package[:-1])
    return name == package or name.startswith(package + ".")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_in(source: str, module: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import statement in `source`, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield Import(node.lineno, base, tuple(a.name for a in node.names if a.name != "*"))


def violations_in(
    source: str,
    module: str,
    path: str,
    rules: tuple[LayerRule, ...] = RULES,
    *,
    is_package: bool = False,
) -> list[Violation]:
    """One violation per rule and imported module; `from package import name` is read as
    an import of `package`, else of `package.name` (a name may be a module)."""
    found: list[Violation] = []
    for statement in imports_in(source, module, is_package=is_package):
        for rule in rules:
            if rule.refuses(module, statement.module):
                found.append(Violation(path, statement.line, module, statement.module, rule.why))
                continue
            for name in statement.names:
                imported = f"{statement.module}.{name}"
                if rule.refuses(module, imported):
                    found.append(Violation(path, statement.line, module, imported, rule.why))
    return found


def all_violations(root: Path = ROOT) -> list[Violation]:
    found: list[Violation] = []
    for package in CHECKED_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            found += violations_in(
                path.read_text(encoding="utf-8"),
                module_name(path, root),
                str(path.relative_to(root)),
                is_package=path.name == "__init__.py",
            )
    return found


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.importer}")
def test_the_layer_rule_holds(rule: LayerRule) -> None:
    broken = [str(v) for v in all_violations() if v.why == rule.why]
    assert not broken, "\n".join(broken)


def test_every_rule_looks_at_modules_that_exist() -> None:
    for rule in RULES:
        assert (ROOT / rule.importer.replace(".", "/")).is_dir(), rule.importer


# --- the checker itself, on sources made up for it ----------------------------------------


def test_a_qt_import_in_core_is_reported_with_file_line_and_module() -> None:
    source = (
        "from __future__ import annotations\n\nimport json\nfrom PySide6.QtCore import QObject\n"
    )
    [violation] = violations_in(source, "app.core.choices", "app/core/choices.py")
    assert str(violation).startswith(
        "app/core/choices.py:4: app.core.choices imports PySide6.QtCore"
    )


def test_a_router_importing_another_router_is_reported_but_not_its_helpers() -> None:
    source = (
        "from server.api.deps import CurrentUser\n"
        "from server.api import language\n"
        "from server.api.choices import choice_value\n"
        "from . import receipts\n"
        "from server.choices_state import choice_value\n"
    )
    found = violations_in(source, "server.api.ingest", "server/api/ingest.py")
    assert [(v.line, v.imported) for v in found] == [
        (3, "server.api.choices"),
        (4, "server.api.receipts"),
    ]


def test_a_lazy_import_counts_and_relative_imports_are_resolved() -> None:
    source = "def later():\n    from ..local import settings\n    import app.ui.desk\n"
    found = violations_in(source, "app.api.client", "app/api/client.py")
    assert {(v.line, v.imported) for v in found} == {(2, "app.local"), (3, "app.ui.desk")}


def test_modules_outside_a_rule_are_left_alone() -> None:
    assert violations_in("import PySide6\nimport requests\n", "app.ui.desk", "app/ui/desk.py") == []
    assert violations_in("import app.core\n", "server.demo", "server/demo.py") != []
