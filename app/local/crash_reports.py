"""Crash reports the user reads before anything leaves the computer (X3, T2).

A report is built from facts about the code, never from the data it was handling: the
exception's type and, per frame, the file's base name, the line number and the function.
The exception's message and the frames' local variables are left out on purpose: they
are where e-mail addresses, tokens and records end up. A hard crash (segfault, abort)
cannot run Python, so `faulthandler` writes a trace into a file that is turned into a
report at the next start.

Reports live as one JSON file each: `<id>.json` while pending, `<id>.kept.json` once the
user chose to keep it here. They are removed after 90 days, sent or not.
"""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import json
import logging
import os
import platform
import re
import shutil
import sys
import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from app.local.atomic import write_atomically
from app.local.logs import redact
from app.local.paths import AppPaths

APP_NAME = "Privacy Desk"
REPORT_RETENTION_DAYS = 90  # T2
# A slot that raises on every repaint must not fill the disk: a few distinct reports a run.
MAX_REPORTS_PER_RUN = 20
MAX_FRAMES = 50

_PENDING_SUFFIX = ".json"
_KEPT_SUFFIX = ".kept.json"
_TRACE_PREFIX = "fault-"
_TRACE_SUFFIX = ".trace"
_TRACE_HEADER = "# privacy-desk fault trace "

# The ingest endpoint's field limits (server/api/ingest.py, CrashReportIn).
_INGEST_LIMITS = {"app": 100, "app_version": 50, "device": 100, "summary": 500, "body": 200_000}

logger = logging.getLogger(__name__)


def crash_reports_dir(paths: AppPaths) -> Path:
    """Beside the logs: both are debugging data with the same 90-day life."""
    return paths.log_dir / "crash-reports"


@dataclass(frozen=True)
class CrashFrame:
    file: str  # base name only: a full path names the user's home and folders
    line: int
    function: str


@dataclass(frozen=True)
class CrashReport:
    id: str
    created_at: str  # ISO 8601, UTC
    app_version: str
    python: str
    qt: str
    platform: str
    exception_type: str
    traceback: tuple[CrashFrame, ...]  # outermost call first, as Python prints it
    summary: str

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_at.replace("Z", "+00:00"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "python": self.python,
            "qt": self.qt,
            "platform": self.platform,
            "exception_type": self.exception_type,
            "traceback": [
                {"file": frame.file, "line": frame.line, "function": frame.function}
                for frame in self.traceback
            ],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: Any) -> CrashReport:
        """Raises ValueError for anything that is not a report this app wrote."""
        if not isinstance(data, dict):
            raise ValueError("not a crash report")
        frames = data.get("traceback")
        if not isinstance(frames, list):
            raise ValueError("not a crash report")
        report = cls(
            id=_text(data, "id"),
            created_at=_text(data, "created_at"),
            app_version=_text(data, "app_version"),
            python=_text(data, "python"),
            qt=_text(data, "qt"),
            platform=_text(data, "platform"),
            exception_type=_text(data, "exception_type"),
            traceback=tuple(_frame(frame) for frame in frames),
            summary=_text(data, "summary"),
        )
        report.created  # noqa: B018 - a date that does not parse makes a bad report
        return report


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise ValueError(f"crash report without {name}")
    return value


def _frame(data: Any) -> CrashFrame:
    if not isinstance(data, dict):
        raise ValueError("crash report with a bad frame")
    line = data.get("line")
    if not isinstance(line, int):
        raise ValueError("crash report with a bad frame")
    return CrashFrame(_text(data, "file"), line, _text(data, "function"))


# -- building reports -------------------------------------------------------------------


def report_from_exception(
    exc_type: type[BaseException],
    tb: TracebackType | None,
    *,
    app_version: str,
    now: datetime | None = None,
) -> CrashReport:
    """The exception's type and frames; its message and the frames' locals stay out."""
    frames = [
        CrashFrame(
            file=_base_name(frame.f_code.co_filename),
            line=lineno or 0,
            function=frame.f_code.co_qualname,
        )
        for frame, lineno in traceback.walk_tb(tb)
    ]
    return _new_report(_type_name(exc_type), frames, app_version=app_version, now=now)


_FAULT_ERROR = re.compile(r"^(?:Fatal Python error|Windows fatal exception): *(.+?)\s*$", re.M)
_FAULT_FRAME = re.compile(r'^\s+File "(.*)", line (\d+) in (.+?)\s*$')


def report_from_fault_trace(
    text: str, *, app_version: str, created_at: datetime
) -> CrashReport | None:
    """Parse what `faulthandler` wrote; only the error name and the frames are kept."""
    error = _FAULT_ERROR.search(text)
    if error is None:
        return None
    frames_newest_first: list[CrashFrame] = []
    in_thread = False
    for line in text.splitlines():
        if line.startswith(("Current thread", "Thread 0x", "Stack (most recent")):
            if frames_newest_first:
                break  # the crashing thread comes first; the others are not needed
            in_thread = line.startswith(("Current thread", "Stack"))
            continue
        frame = _FAULT_FRAME.match(line) if in_thread else None
        if frame is not None:
            frames_newest_first.append(
                CrashFrame(_base_name(frame.group(1)), int(frame.group(2)), frame.group(3))
            )
    kind = redact(error.group(1))[:100]
    frames = list(reversed(frames_newest_first))
    return _new_report(kind, frames, app_version=app_version, now=created_at)


def _new_report(
    exception_type: str,
    frames: list[CrashFrame],
    *,
    app_version: str,
    now: datetime | None,
) -> CrashReport:
    frames = frames[-MAX_FRAMES:]
    summary = exception_type
    if frames:
        last = frames[-1]
        summary = f"{exception_type} in {last.function} ({last.file}:{last.line})"
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return CrashReport(
        id=str(uuid.uuid4()),
        created_at=moment.isoformat().replace("+00:00", "Z"),
        app_version=app_version,
        python=f"{platform.python_implementation()} {platform.python_version()}",
        qt=_qt_version(),
        platform=platform.platform(),
        exception_type=exception_type,
        traceback=tuple(frames),
        summary=summary,
    )


def report_text(report: CrashReport) -> str:
    """Exactly what is sent, and exactly what the user reads first. Facts for a developer,
    so English, like the traceback it summarises."""
    lines = [
        f"{APP_NAME} crash report",
        f"Report: {report.id}",
        f"Created: {report.created_at}",
        f"App version: {report.app_version}",
        f"Python: {report.python}",
        f"Qt: {report.qt or 'not loaded'}",
        f"Platform: {report.platform}",
        f"Error: {report.summary}",
        "",
        "Where it happened (most recent call last):",
    ]
    lines += [
        f"  {frame.file}, line {frame.line}, in {frame.function}" for frame in report.traceback
    ]
    if not report.traceback:
        lines.append("  (no Python frames)")
    # Built from code facts only; the redaction is a second lock on the same door.
    return redact("\n".join(lines) + "\n")


def ingest_event(report: CrashReport) -> dict[str, str]:
    """The report as POST /v1/ingest/crash-reports takes it: the body is the text shown."""
    event = {
        "app": APP_NAME,
        "app_version": report.app_version or "unknown",
        "device": report.platform or "unknown",
        "summary": report.summary or report.exception_type or "crash",
        "body": report_text(report),
    }
    return {name: value[: _INGEST_LIMITS[name]] for name, value in event.items()}


def _type_name(exc_type: type[BaseException]) -> str:
    if exc_type.__module__ == "builtins":
        return exc_type.__qualname__
    return f"{exc_type.__module__}.{exc_type.__qualname__}"


def _base_name(file_name: str) -> str:
    return re.split(r"[\\/]", file_name)[-1] or file_name


def _qt_version() -> str:
    """Qt's version if the app has loaded it; this module never imports Qt itself."""
    qt_core = sys.modules.get("PySide6.QtCore")
    version = getattr(qt_core, "qVersion", None)
    return str(version()) if callable(version) else ""


# -- the reporter -----------------------------------------------------------------------


class CrashReporter:
    """Writes reports when the app crashes and keeps track of what the user decided.

    Thread-safe: any thread may crash, and the dialog acts on reports from a worker.
    """

    def __init__(self, reports_dir: Path, app_version: str) -> None:
        self.reports_dir = reports_dir
        self.app_version = app_version
        self._lock = threading.Lock()
        self._written_this_run: set[tuple[object, ...]] = set()
        self._installed = False
        self._previous_excepthook: Callable[..., Any] | None = None
        self._previous_threading_hook: Callable[..., Any] | None = None
        self._fault_file: IO[str] | None = None
        self._fault_path: Path | None = None

    # -- installing -----------------------------------------------------------------------

    def install(self) -> None:
        """Hook uncaught exceptions (any thread) and hard crashes; drop reports past 90 days."""
        if self._installed:
            return
        self._installed = True
        self.reports_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.remove_older_than(REPORT_RETENTION_DAYS)
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        sys.excepthook = self._on_uncaught
        threading.excepthook = self._on_uncaught_in_thread
        self._enable_faulthandler()
        atexit.register(self.uninstall)

    def uninstall(self) -> None:
        """Undo `install`. At a normal exit the empty fault trace goes away with it."""
        if not self._installed:
            return
        self._installed = False
        if sys.excepthook == self._on_uncaught and self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
        if threading.excepthook == self._on_uncaught_in_thread and self._previous_threading_hook:
            threading.excepthook = self._previous_threading_hook
        self._stop_fault_trace()
        with contextlib.suppress(Exception):
            atexit.unregister(self.uninstall)

    def forget_everything(self) -> None:
        """Forgetting the device: close this run's fault trace and delete it with every
        report and trace in the folder. No new trace file is made until
        `start_fault_trace_again` (the next sign-in): none comes back right after."""
        self._stop_fault_trace()
        shutil.rmtree(self.reports_dir, ignore_errors=True)
        with self._lock:
            self._written_this_run.clear()

    def start_fault_trace_again(self) -> None:
        """After `forget_everything`: hard crashes leave a trace again (installed only)."""
        if not self._installed or self._fault_file is not None:
            return
        with contextlib.suppress(OSError):
            self.reports_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._enable_faulthandler()

    def _stop_fault_trace(self) -> None:
        if self._fault_file is not None:
            faulthandler.disable()
            with contextlib.suppress(OSError):
                self._fault_file.close()
            self._fault_file = None
        if self._fault_path is not None:
            with contextlib.suppress(OSError):
                self._fault_path.unlink()
            self._fault_path = None

    def _enable_faulthandler(self) -> None:
        path = self.reports_dir / f"{_TRACE_PREFIX}{uuid.uuid4().hex}{_TRACE_SUFFIX}"
        try:
            # Kept open for the whole run: a crashing process cannot open files any more.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            handle = os.fdopen(descriptor, "w", encoding="utf-8")
            header = {"app_version": self.app_version, "pid": os.getpid()}
            handle.write(_TRACE_HEADER + json.dumps(header) + "\n")
            handle.flush()
            faulthandler.enable(file=handle, all_threads=True)
        except (OSError, RuntimeError, ValueError):
            logger.warning("Hard crashes will not leave a report: the trace file is unavailable")
            return
        self._fault_file, self._fault_path = handle, path

    def _on_uncaught(
        self,
        exc_type: type[BaseException],
        exc_value: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            self.record(exc_type, tb)
        previous = self._previous_excepthook or sys.__excepthook__
        previous(exc_type, exc_value, tb)

    def _on_uncaught_in_thread(self, args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, SystemExit | KeyboardInterrupt):
            self.record(args.exc_type, args.exc_traceback)
        previous = self._previous_threading_hook or threading.__excepthook__
        previous(args)

    def record(self, exc_type: type[BaseException], tb: TracebackType | None) -> CrashReport | None:
        """Write a report for this exception; never raises (it runs inside a crash)."""
        try:
            report = report_from_exception(exc_type, tb, app_version=self.app_version)
            signature = (report.exception_type, report.traceback)
            with self._lock:
                if signature in self._written_this_run:
                    return None
                if len(self._written_this_run) >= MAX_REPORTS_PER_RUN:
                    return None
                self._written_this_run.add(signature)
            self._write(report)
            logger.error("Uncaught %s; crash report %s written", report.summary, report.id)
            return report
        except Exception:
            with contextlib.suppress(Exception):
                logger.error("A crash report could not be written")
            return None

    # -- what the user decides ------------------------------------------------------------

    def pending(self) -> list[CrashReport]:
        """Reports not yet sent, kept or deleted, oldest first; hard crashes included."""
        self._collect_fault_traces()
        reports: list[CrashReport] = []
        for path in self._report_files(_PENDING_SUFFIX):
            report = _read_report(path)
            if report is not None:
                reports.append(report)
        return sorted(reports, key=lambda report: report.created_at)

    def report_text(self, report: CrashReport) -> str:
        return report_text(report)

    def ingest_event(self, report: CrashReport) -> dict[str, str]:
        return ingest_event(report)

    def mark_sent(self, report: CrashReport) -> None:
        """The service has it now; no copy needs to stay here."""
        self.delete(report)

    def keep_locally(self, report: CrashReport) -> None:
        """No longer asked about; stays on this computer until it is 90 days old."""
        with contextlib.suppress(FileNotFoundError):
            os.replace(self._path(report, _PENDING_SUFFIX), self._path(report, _KEPT_SUFFIX))

    def delete(self, report: CrashReport) -> None:
        for suffix in (_PENDING_SUFFIX, _KEPT_SUFFIX):
            with contextlib.suppress(FileNotFoundError):
                self._path(report, suffix).unlink()

    def remove_older_than(
        self, days: int = REPORT_RETENTION_DAYS, now: datetime | None = None
    ) -> int:
        """T2: delete reports (pending, kept) and leftover traces older than `days`."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        removed = 0
        try:
            files = list(self.reports_dir.iterdir())
        except OSError:
            return 0
        for path in files:
            if path == self._fault_path:
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

    # -- files ----------------------------------------------------------------------------

    def _write(self, report: CrashReport) -> None:
        text = json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n"
        write_atomically(self._path(report, _PENDING_SUFFIX), text.encode("utf-8"))

    def _path(self, report: CrashReport, suffix: str) -> Path:
        if not re.fullmatch(r"[0-9a-f-]{1,64}", report.id):
            raise ValueError("not a crash report id")
        return self.reports_dir / f"{report.id}{suffix}"

    def _report_files(self, suffix: str) -> list[Path]:
        try:
            names = list(self.reports_dir.glob("*" + suffix))
        except OSError:
            return []
        if suffix == _PENDING_SUFFIX:
            names = [path for path in names if not path.name.endswith(_KEPT_SUFFIX)]
        return names

    def _collect_fault_traces(self) -> None:
        """A trace with more than its header is a hard crash of an earlier run."""
        try:
            traces = [path for path in self.reports_dir.iterdir() if _is_trace(path.name)]
        except OSError:
            return
        for path in traces:
            if path == self._fault_path:
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
                trace, app_version=_header_version(header) or self.app_version, created_at=modified
            )
            with contextlib.suppress(OSError):
                if report is not None:
                    self._write(report)
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
