"""No call of the app ever turns certificate verification off (issue 17): read from the
code itself, so a `verify=False` slipped in for a quick fix fails here before it ships.

The one context that verifies nothing is the one that reads a refused certificate to show
it (app/api/trust.py `reading_only_ssl_context`), and it is used in one place only."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[3] / "app"
# What turns verification off, by name, wherever it is written.
UNVERIFIED_NAMES = {"CERT_NONE", "_create_unverified_context", "check_hostname"}
READING_ONLY = "reading_only_ssl_context"


def _sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(), str(path)) for path in sorted(APP.rglob("*.py"))}


def test_no_call_passes_verify_false_or_a_certificate_bundle_of_its_own() -> None:
    offending = [
        f"{path.relative_to(APP.parent)}:{node.lineno}"
        for path, tree in _sources().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg == "verify"
        and not (isinstance(node.value, ast.Constant) and node.value.value is True)
    ]
    assert offending == []


def test_verification_is_switched_off_only_to_read_a_refused_certificate() -> None:
    found: dict[str, list[str]] = {}
    for path, tree in _sources().items():
        for node in ast.walk(tree):
            name = _name_in(node)
            if name in UNVERIFIED_NAMES or name == READING_ONLY:
                where = f"{path.relative_to(APP.parent)}"
                found.setdefault(str(name), []).append(where)

    assert set(found.get("CERT_NONE", [])) == {"app/api/trust.py"}
    assert set(found.get("check_hostname", [])) == {"app/api/trust.py"}
    assert "_create_unverified_context" not in found
    # Defined in trust.py, imported and called once: to read a presented certificate.
    assert sorted(found[READING_ONLY]) == [
        "app/api/certificates.py",
        "app/api/certificates.py",
        "app/api/trust.py",
    ]


def _name_in(node: ast.AST) -> str | None:
    """The name a node writes: an attribute, a name, an import, a definition or a string."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.alias):
        return node.name
    if isinstance(node, ast.FunctionDef):
        return node.name
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def test_the_client_session_verifies() -> None:
    from app.api.client import PrivacyClient

    client = PrivacyClient("https://privacy.example.org")
    assert client._http.verify is True
