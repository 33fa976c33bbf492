"""Lets `pytest benchmarks` (what `make bench` runs) collect the bench_*.py files.

They are not named test_*.py so that nothing else ever picks them up by accident: `make
test` looks only in tests/ (testpaths), and a bench file stays a plain script too. The
figures each benchmark reports are printed once at the end of the run, since pytest
captures what the benchmarks print while they run.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.budgets import TABLE_HEADER, Comparison

REPO = Path(__file__).resolve().parents[1]
BENCH_JSON = REPO / "build" / "bench.json"

_FIGURES = pytest.StashKey[list[str]]()
_COMPARISONS = pytest.StashKey[list[Comparison]]()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    # A file named on the command line is collected by pytest's own Python plugin already.
    if parent.session.isinitpath(file_path):
        return None
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        module: pytest.Module = pytest.Module.from_parent(parent, path=file_path)
        return module
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_FIGURES] = []
    config.stash[_COMPARISONS] = []


@pytest.fixture
def report_figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Call with one line of results; it appears in the summary at the end of the run."""
    return request.config.stash[_FIGURES].append


@pytest.fixture
def budget(request: pytest.FixtureRequest) -> Callable[[Comparison], None]:
    """Call with one measured-against-reference figure (benchmarks/budgets.py): it is
    printed in the table at the end, written to build/bench.json, and a missed budget
    makes the whole run exit non-zero."""
    return request.config.stash[_COMPARISONS].append


def _machine() -> dict[str, object]:

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    comparisons = session.config.stash.get(_COMPARISONS, [])
    if not comparisons:
        return
    BENCH_JSON.parent.mkdir(parents=True, exist_ok=True)
    BENCH_JSON.write_text(
        json.dumps(
            {
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": _machine(),
                "figures": [c.as_json() for c in comparisons],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    if any(not c.met for c in comparisons) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    figures = terminalreporter.config.stash.get(_FIGURES, [])
    if figures:
        terminalreporter.section("benchmark figures")
        for line in figures:
            terminalreporter.write_line(line)
    comparisons = terminalreporter.config.stash.get(_COMPARISONS, [])
    if comparisons:
        terminalreporter.section("budgets (medians; written to build/bench.json)")
        terminalreporter.write_line(TABLE_HEADER)
        for comparison in comparisons:
            terminalreporter.write_line(comparison.row())
            for note in comparison.notes:
                terminalreporter.write_line(f"    {note}")
        missed = [c.figure for c in comparisons if not c.met]
        if missed:
            terminalreporter.write_line(f"MISSED budgets: {', '.join(missed)}", red=True)
