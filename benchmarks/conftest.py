"""Lets `pytest benchmarks` (what `make bench` runs) collect the bench_*.py files.

They are not named test_*.py so that nothing else ever picks them up by accident: `make
test` looks only in tests/ (testpaths), and a bench file stays a plain script too. The
figures each benchmark reports are printed once at the end of the run, since pytest
captures what the benchmarks print while they run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

_FIGURES = pytest.StashKey[list[str]]()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        module: pytest.Module = pytest.Module.from_parent(parent, path=file_path)
        return module
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_FIGURES] = []


@pytest.fixture
def report_figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Call with one line of results; it appears in the summary at the end of the run."""
    return request.config.stash[_FIGURES].append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    figures = terminalreporter.config.stash.get(_FIGURES, [])
    if figures:
        terminalreporter.section("benchmark figures")
        for line in figures:
            terminalreporter.write_line(line)
