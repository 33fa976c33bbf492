"""The reports on this computer: one JSON file each, `<id>.json` while pending,
`<id>.kept.json` once the user chose to keep it here, beside this run's fault trace.

Everything here goes away after 90 days (T2), sent or not, and a damaged file is skipped,
never fatal: this is read at start-up and right after a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from app.local.atomic import write_atomically
from app.local.crash_reports.report import CrashReport, report_from_fault_trace
from app.local.paths import AppPaths

REPORT_RETENTION_DAYS = 90  # T2

_PENDING_SUFFIX = ".json"
_KEPT_SUFFIX = ".kept.json"
_TRACE_PREFIX = "fault-"
_TRACE_SUFFIX = ".trace"
_TRACE_HEADER = "# privacy-desk fault trace "


def crash_reports_dir(paths: AppPaths) -> Path:
    """Beside the logs: both are debugging data with the same 90-day life."""
    return paths.log_dir / "crash-reports"


class CrashReportFolder:
    """One folder of reports and fault traces. `live_trace` is this run's own trace, which
    is never read as a crash nor removed as a leftover."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.live_trace: Path | None = None

    def make(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)

    def open_fault_trace(self, app_version: str) -> IO[str]:
        """This run's trace file, its header written, open for `faulthandler` (which cannot
        open a file once the process is crashing); raises OSError when it cannot be made."""
        path = self.path / f"{_TRACE_PREFIX}{uuid.uuid4().hex}{_TRACE_SUFFIX}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        handle = os.fdopen(descriptor, "w", encoding="utf-8")
        header = {"app_version": app_version, "pid": os.getpid()}
        handle.write(_TRACE_HEADER + json.dumps(header) + "\n")
        handle.flush()
        self.live_trace = path
        return handle

    def remove_live_trace(self) -> None:
        if self.live_trace is not None:
            with contextlib.suppress(OSError):
                self.live_trace.unlink()
            self.live_trace = None

    def remove_everything(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def write(self, report: CrashReport) -> None:
        text = json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n"
        write_atomically(self._path(report, _PENDING_SUFFIX), text.encode("utf-8"))

    def pending(self, app_version: str) -> list[CrashReport]:
        """Reports not yet sent, kept or deleted, oldest first; hard crashes included."""
        self._collect_fault_traces(app_version)
        reports: list[CrashReport] = []
        for path in self._report_files(_PENDING_SUFFIX):
            report = _read_report(path)
            if report is not None:
                reports.append(report)
        return sorted(reports, key=lambda report: report.created_at)

    def keep(self, report: CrashReport) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.replace(self._path(report, _PENDING_SUFFIX), self._path(report, _KEPT_SUFFIX))

    def delete(self, report: CrashReport) -> None:
        for suffix in (_PENDING_SUFFIX, _KEPT_SUFFIX):
            with contextlib.suppress(FileNotFoundError):
                self._path(report, suffix).unlink()

    def remove_older_than(self, days: int, now: datetime | None = None) -> int:
        """T2: delete reports (pending, kept) and leftover traces older than `days`."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        removed = 0
        try:
            files = list(self.path.iterdir())
        except OSError:
            return 0
        for path in files:
            if path == self.live_trace:
                continue
            if path.name.endswith(_PENDING_SUFFIX):
                report = _read_report(path)
                created = report.created if report is not None else _modified(path)
            elif _is_trace(path.name):
                created = _modified(path)
            else:
                continue
            if created is not None and created < cutoff:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    def _path(self, report: CrashReport, suffix: str) -> Path:
        if not re.fullmatch(r"[0-9a-f-]{1,64}", report.id):
            raise ValueError("not a crash report id")
        return self.path / f"{report.id}{suffix}"

    def _report_files(self, suffix: str) -> list[Path]:
        try:
            names = list(self.path.glob("*" + suffix))
        except OSError:
            return []
        if suffix == _PENDING_SUFFIX:
            names = [path for path in names if not path.name.endswith(_KEPT_SUFFIX)]
        return names

    def _collect_fault_traces(self, app_version: str) -> None:
        """A trace with more than its header is a hard crash of an earlier run."""
        try:
            traces = [path for path in self.path.iterdir() if _is_trace(path.name)]
        except OSError:
            return
        for path in traces:
            if path == self.live_trace:
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
                modified = _modified(path) or datetime.now(UTC)
            except OSError:
                continue
            header, _, trace = text.partition("\n")
            if not trace.strip():
                continue  # a live run, or one that ended without a hard crash
            report = report_from_fault_trace(
                trace, app_version=_header_version(header) or app_version, created_at=modified
            )
            with contextlib.suppress(OSError):
                if report is not None:
                    self.write(report)
                path.unlink()


def _read_report(path: Path) -> CrashReport | None:
    try:
        return CrashReport.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _modified(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None


def _is_trace(name: str) -> bool:
    return name.startswith(_TRACE_PREFIX) and name.endswith(_TRACE_SUFFIX)


def _header_version(header: str) -> str:
    if not header.startswith(_TRACE_HEADER):
        return ""
    with contextlib.suppress(ValueError):
        fields = json.loads(header.removeprefix(_TRACE_HEADER))
        value = fields.get("app_version") if isinstance(fields, dict) else None
        if isinstance(value, str):
            return value
    return ""
