"""tools/audit_lock.py decides from pip-audit's JSON: no network here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_lock", ROOT / "tools" / "audit_lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tool = load_tool()

REPORT = {
    "dependencies": [
        {"name": "requests", "version": "2.31.0", "vulns": []},
        {
            "name": "urllib3",
            "version": "1.26.0",
            "vulns": [
                {"id": "PYSEC-1", "aliases": ["GHSA-aaaa"], "fix_versions": ["1.26.5"]},
            ],
        },
        {
            "name": "idna",
            "version": "3.0",
            "vulns": [{"id": "PYSEC-2", "aliases": ["CVE-2", "GHSA-bbbb"], "fix_versions": []}],
        },
        {"name": "certifi", "skip_reason": "Dependency not found on PyPI and could not be audited"},
    ]
}


def test_a_known_critical_vulnerability_blocks() -> None:
    audit = tool.read_report(REPORT)
    tool.rate(audit.findings, {"GHSA-aaaa": "CRITICAL", "GHSA-bbbb": "MODERATE"}.get)
    status, lines = tool.verdict(audit)
    assert status == 1
    text = "\n".join(lines)
    assert "CRITICAL: urllib3 1.26.0 PYSEC-1 (GHSA-aaaa); fixed in: 1.26.5" in text
    assert "MODERATE: idna 3.0 PYSEC-2" in text


def test_lower_or_unknown_severity_does_not_block() -> None:
    audit = tool.read_report(REPORT)
    tool.rate(audit.findings, {"GHSA-bbbb": "HIGH"}.get)
    status, lines = tool.verdict(audit)
    assert status == 0
    assert any(line.startswith("UNKNOWN: urllib3") for line in lines)
    assert any(line.startswith("HIGH: idna") for line in lines)


def test_an_unreachable_source_is_no_all_clear() -> None:
    """pip-audit says "No known vulnerabilities" when it could look nothing up."""
    report = {
        "dependencies": [
            {"name": name, "skip_reason": "Dependency not found on PyPI and could not be audited"}
            for name in ("requests", "idna")
        ]
    }
    status, lines = tool.verdict(tool.read_report(report))
    assert status == 0
    assert lines[0] == "0 package(s) audited"
    assert lines[1].startswith("NOT AUDITED (2)")
    assert "no known vulnerabilities" not in lines
