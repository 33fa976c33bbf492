"""Known-vulnerability check of the lock (pip-audit), for CI.

    python tools/audit_lock.py [requirements/dev.txt ...]

Blocking (exit 1) only on a known critical vulnerability: a pinned release with an advisory
whose severity is CRITICAL (GitHub's rating, read from OSV). Everything else found is
printed and does not fail the run: an advisory of lower or unknown severity, and an
advisory source that cannot be reached. A package pip-audit could not look up counts as
not audited, never as clean: when the source is out of reach, pip-audit still says "No
known vulnerabilities found", and this script says how many packages were not checked.

Needs pip-audit (`pip install pip-audit`); without it the check is skipped, loudly.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OSV = "https://api.osv.dev/v1/vulns/"
BLOCKING = frozenset({"CRITICAL"})


@dataclass
class Finding:
    package: str
    version: str
    advisory: str
    aliases: list[str]
    fixed_in: list[str]
    severity: str = "UNKNOWN"


@dataclass
class Audit:
    audited: int
    not_audited: list[str]
    findings: list[Finding]


def read_report(report: dict[str, Any]) -> Audit:
    """What a `pip-audit --format json` report says, with skipped packages kept apart."""
    audited = 0
    not_audited: list[str] = []
    findings: list[Finding] = []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            not_audited.append(f"{dependency['name']}: {dependency['skip_reason']}")
            continue
        audited += 1
        for vulnerability in dependency.get("vulns", []):
            findings.append(
                Finding(
                    dependency["name"],
                    dependency.get("version", "?"),
                    vulnerability["id"],
                    list(vulnerability.get("aliases", [])),
                    list(vulnerability.get("fix_versions", [])),
                )
            )
    return Audit(audited, not_audited, findings)


def osv_severity(identifier: str, timeout: float = 10.0) -> str | None:
    """GitHub's severity for an advisory (LOW … CRITICAL), from OSV; None if unknown."""
    try:
        with urllib.request.urlopen(OSV + identifier, timeout=timeout) as response:
            record = json.load(response)
    except (urllib.error.URLError, TimeoutError, ValueError, OSError):
        return None
    severity = record.get("database_specific", {}).get("severity")
    return str(severity).upper() if severity else None


def rate(findings: list[Finding], lookup: Any = osv_severity) -> None:
    """Fill in each finding's severity from the first of its identifiers that has one."""
    for finding in findings:
        for identifier in [finding.advisory, *finding.aliases]:
            severity = lookup(identifier)
            if severity:
                finding.severity = severity
                break


def verdict(audit: Audit) -> tuple[int, list[str]]:
    """(exit status, lines to print)."""
    lines = [f"{audit.audited} package(s) audited"]
    if audit.not_audited:
        lines.append(
            f"NOT AUDITED ({len(audit.not_audited)}): the advisory source could not be "
            "reached or does not know them; this is no all-clear:"
        )
        lines += [f"  {entry}" for entry in audit.not_audited]
    blocking = [f for f in audit.findings if f.severity in BLOCKING]
    for finding in audit.findings:
        fix = ", ".join(finding.fixed_in) or "no fixed release yet"
        lines.append(
            f"{finding.severity}: {finding.package} {finding.version} {finding.advisory} "
            f"({', '.join(finding.aliases) or 'no aliases'}); fixed in: {fix}"
        )
    if blocking:
        lines.append(
            f"{len(blocking)} critical vulnerability(ies): raise the pin "
            "(python tools/lock.py --upgrade-package NAME) and re-run the tests"
        )
        return 1, lines
    if audit.findings:
        lines.append("known vulnerabilities below critical or of unknown severity: not blocking")
    elif not audit.not_audited:
        lines.append("no known vulnerabilities")
    return 0, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locks", nargs="*", type=Path, default=[ROOT / "requirements" / "dev.txt"])
    args = parser.parse_args(argv)
    pip_audit = shutil.which("pip-audit") or str(Path(sys.executable).parent / "pip-audit")
    if not Path(pip_audit).is_file():
        print("pip-audit is not installed: vulnerability check skipped (pip install pip-audit)")
        return 0
    status = 0
    for lock in args.locks:
        command = [pip_audit, "--requirement", str(lock), "--require-hashes", "--disable-pip"]
        command += ["--format", "json", "--progress-spinner", "off"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            print(f"{lock}: pip-audit could not run; vulnerability check skipped")
            print(result.stderr.strip()[-2000:])
            continue
        audit = read_report(report)
        rate(audit.findings)
        code, lines = verdict(audit)
        print(f"== {lock}")
        print("\n".join(lines))
        status = max(status, code)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
