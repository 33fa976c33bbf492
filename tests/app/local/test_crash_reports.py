"""Crash reports: written when the app crashes, holding code facts only, gone after 90 days."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.local.crash_reports import CrashReport, CrashReporter, ingest_event, report_text

REPO = Path(__file__).resolve().parents[3]
TOKEN = "Qm9ndXNSZWZyZXNoVG9rZW5fZm9yX3Rlc3RzX29ubHk"
EMAIL = "ada@example.org"
PASSWORD = "correct horse battery"

# A module of "the app" that fails while it holds an e-mail address, a password and a token.
FAILING_MODULE = f'''
def load_profile(email, password):
    refresh_token = "{TOKEN}"
    raise ValueError(f"could not sign in {{email}} / {{password}} with {{refresh_token}}")


def main():
    load_profile("{EMAIL}", "{PASSWORD}")
'''

INSTALL = (
    "import sys; from pathlib import Path; from app.local.crash_reports import CrashReporter; "
    "CrashReporter(Path(sys.argv[1]), '1.2.3').install()\n"
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home directory whose name is the user's name, as it so often is."""
    home = tmp_path / "ada-lovelace"
    home.mkdir()
    (home / "failing.py").write_text(FAILING_MODULE)
    return home


def run_app(home: Path, reports_dir: Path, code: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(REPO), str(home)]),
        "PYTHONFAULTHANDLER": "",
    }
    return subprocess.run(
        [sys.executable, "-c", INSTALL + code, str(reports_dir)],
        cwd=home,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_crash_leaves_a_report_with_the_frames_and_without_any_secret(home: Path) -> None:
    reports_dir = home / ".local" / "state" / "privacy-desk" / "crash-reports"
    crashed = run_app(home, reports_dir, "import failing\nfailing.main()\n")

    assert crashed.returncode == 1
    assert "Traceback" in crashed.stderr, "the previous hook still runs"
    [report] = CrashReporter(reports_dir, "1.2.3").pending()
    text = report_text(report)
    on_disk = "".join(path.read_text() for path in reports_dir.iterdir())
    for secret in (TOKEN, EMAIL, "ada%40example.org", "horse", "battery", "could not sign in"):
        assert secret not in text
        assert secret not in on_disk
    assert str(home) not in text and str(home) not in on_disk
    assert "ada-lovelace" not in text

    assert report.exception_type == "ValueError"
    assert [(frame.file, frame.function) for frame in report.traceback] == [
        ("<string>", "<module>"),
        ("failing.py", "main"),
        ("failing.py", "load_profile"),
    ]
    assert report.traceback[-1].line == 4
    assert report.summary == "ValueError in load_profile (failing.py:4)"
    assert "  failing.py, line 4, in load_profile" in text
    assert report.app_version == "1.2.3"
    assert report.platform == platform.platform()
    assert set(json.loads(on_disk)) == {
        "id",
        "created_at",
        "app_version",
        "python",
        "qt",
        "platform",
        "exception_type",
        "traceback",
        "summary",
    }
    assert [path.suffix for path in reports_dir.iterdir()] == [".json"], "no trace left behind"


def test_a_crash_in_a_worker_thread_is_reported_too(home: Path, tmp_path: Path) -> None:
    reports_dir = tmp_path / "reports"
    code = textwrap.dedent(
        """
        import threading, failing
        def fetch_in_background():
            failing.main()
        worker = threading.Thread(target=fetch_in_background)
        worker.start(); worker.join()
        """
    )
    run_app(home, reports_dir, code)

    [report] = CrashReporter(reports_dir, "1.2.3").pending()
    assert [frame.function for frame in report.traceback][-3:] == [
        "fetch_in_background",
        "main",
        "load_profile",
    ]
    assert TOKEN not in report_text(report)


def test_a_hard_crash_becomes_a_pending_report_at_the_next_start(
    home: Path, tmp_path: Path
) -> None:
    reports_dir = tmp_path / "reports"
    code = textwrap.dedent(
        f"""
        import faulthandler
        def render_cover(title="{EMAIL}"):
            faulthandler._sigsegv()
        render_cover()
        """
    )
    crashed = run_app(home, reports_dir, code)
    assert crashed.returncode != 0
    assert [path.suffix for path in reports_dir.iterdir()] == [".trace"]

    next_start = CrashReporter(reports_dir, "1.2.4")
    [report] = next_start.pending()

    assert report.exception_type == "Segmentation fault"
    assert report.app_version == "1.2.3", "the version that crashed, not the one reading it"
    assert [frame.function for frame in report.traceback] == ["<module>", "render_cover"]
    assert report.summary == "Segmentation fault in render_cover (<string>:5)"
    assert EMAIL not in report_text(report)
    assert next_start.pending() == [report], "read once, not once per look"
    assert [path.suffix for path in reports_dir.iterdir()] == [".json"]


def test_a_normal_exit_leaves_nothing_behind(home: Path, tmp_path: Path) -> None:
    reports_dir = tmp_path / "reports"
    finished = run_app(home, reports_dir, "print('bye')\n")
    assert finished.returncode == 0
    assert list(reports_dir.iterdir()) == []
    assert CrashReporter(reports_dir, "1.2.3").pending() == []


def a_run_that_crashed(reports_dir: Path, version: str = "1.0") -> CrashReport:
    return _crash(CrashReporter(reports_dir, version))


def _crash(reporter: CrashReporter) -> CrashReport:
    try:
        raise RuntimeError(f"boom for {EMAIL}")
    except RuntimeError as error:
        report = reporter.record(type(error), error.__traceback__)
    assert report is not None
    return report


def test_the_same_crash_repeating_is_reported_once_per_run(tmp_path: Path) -> None:
    reporter = CrashReporter(tmp_path, "1.0")
    first = _crash(reporter)
    for _ in range(5):
        try:
            raise RuntimeError("again")
        except RuntimeError as error:
            reporter.record(type(error), error.__traceback__)
    assert len(reporter.pending()) == 2, "one per distinct place"
    assert first in reporter.pending()


def test_keeping_sending_and_deleting_settle_a_report(tmp_path: Path) -> None:
    kept, sent, deleted = (a_run_that_crashed(tmp_path) for _ in range(3))
    reporter = CrashReporter(tmp_path, "1.0")
    assert len(reporter.pending()) == 3

    reporter.keep_locally(kept)
    reporter.mark_sent(sent)
    reporter.delete(deleted)

    assert reporter.pending() == []
    assert [path.name for path in tmp_path.iterdir()] == [f"{kept.id}.kept.json"]


def test_reports_and_leftovers_are_removed_after_90_days(tmp_path: Path) -> None:
    pending, kept = a_run_that_crashed(tmp_path), a_run_that_crashed(tmp_path)
    reporter = CrashReporter(tmp_path, "1.0")
    reporter.keep_locally(kept)
    leftover = tmp_path / "fault-0123.trace"  # a run that was killed without a crash
    leftover.write_text("# privacy-desk fault trace {}\n")
    created = pending.created

    assert reporter.remove_older_than(90, now=created + timedelta(days=89)) == 0
    assert len(list(tmp_path.iterdir())) == 3

    assert reporter.remove_older_than(90, now=created + timedelta(days=91)) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_report_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    reporter = CrashReporter(tmp_path, "1.0")
    (tmp_path / "0000.json").write_text("{not json")
    (tmp_path / "0001.json").write_text(json.dumps({"id": "0001"}))
    report = _crash(reporter)
    assert reporter.pending() == [report]


def test_the_service_gets_exactly_the_text_the_user_read(tmp_path: Path) -> None:
    report = a_run_that_crashed(tmp_path, "2.0.1")
    event = ingest_event(report)
    assert event == {
        "app": "Privacy Desk",
        "app_version": "2.0.1",
        "device": platform.platform()[:100],
        "summary": report.summary,
        "body": report_text(report),
    }
    assert report.summary.startswith("RuntimeError in _crash (test_crash_reports.py:")
    assert EMAIL not in event["body"]


def test_report_dates_are_utc_and_parse_back(tmp_path: Path) -> None:
    report = a_run_that_crashed(tmp_path)
    assert report.created_at.endswith("Z")
    assert abs(report.created - datetime.now(UTC)) < timedelta(minutes=1)
    assert CrashReport.from_dict(report.to_dict()) == report
