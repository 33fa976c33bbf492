"""The first window is painted before anything it does not need is imported (issue 11).

How fast that is, is measured by benchmarks/bench_start.py; this checks what the start path
holds, which a change can break without anyone timing it.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.child_process import isolated_env
from tests.support.start_path import start_path

# What only signing in, the main window or the demo need; each costs milliseconds to import.
NOT_BEFORE_THE_FIRST_PAINT = (
    "requests",
    "urllib3",
    "keyring",
    "truststore",
    "importlib.metadata",
    "app.api.client",
    "app.auth.session",
    "app.auth.vault",
    "app.local.crash_reports",
    "app.ui.messages",
    "app.ui.main_window",
    "app.ui.pages.choices_page",
    "app.ui.dialogs.crash_report_dialog",
    "app.demo",
    "server",
)


def test_the_sign_in_dialog_is_painted_before_the_client_keyring_and_pages_are_imported(
    tmp_path: Path,
) -> None:
    path = start_path(isolated_env(tmp_path))

    assert "window: SignInDialog" in path.first_paint_line
    assert "app.ui.dialogs.sign_in_dialog" in path.modules  # the list is the real one
    early = sorted(set(NOT_BEFORE_THE_FIRST_PAINT) & path.modules)
    assert early == [], f"imported before the first paint: {early}"
