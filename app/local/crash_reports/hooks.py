"""The process hooks: every uncaught exception, in any thread, becomes a report, and a hard
crash (segfault, abort), which cannot run Python, leaves a `faulthandler` trace that is
turned into a report at the next start."""

from __future__ import annotations

import atexit
import contextlib
import faulthandler
import logging
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from app.local.crash_reports.report import CrashReport, report_from_exception
from app.local.crash_reports.storage import REPORT_RETENTION_DAYS, CrashReportFolder
from app.local.crash_reports.wire import ingest_event, report_text

# A slot that raises on every repaint must not fill the disk: a few distinct reports a run.
MAX_REPORTS_PER_RUN = 20

logger = logging.getLogger("app.local.crash_reports")


class CrashReporter:
    """Writes reports when the app crashes and keeps track of what the user decided.

    Thread-safe: any thread may crash, and the dialog acts on reports from a worker.
    """

    def __init__(self, reports_dir: Path, app_version: str) -> None:
        self.reports_dir = reports_dir
        self.app_version = app_version
        self._folder = CrashReportFolder(reports_dir)
        self._lock = threading.Lock()
        self._written_this_run: set[tuple[object, ...]] = set()
        self._installed = False
        self._previous_excepthook: Callable[..., Any] | None = None
        self._previous_threading_hook: Callable[..., Any] | None = None
        self._fault_file: IO[str] | None = None

    # -- installing -----------------------------------------------------------------------

    def install(self) -> None:
        """Hook uncaught exceptions (any thread) and hard crashes; drop reports past 90 days."""
        if self._installed:
            return
        self._installed = True
        self._folder.make()
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
        self._folder.remove_everything()
        with self._lock:
            self._written_this_run.clear()

    def start_fault_trace_again(self) -> None:
        """After `forget_everything`: hard crashes leave a trace again (installed only)."""
        if not self._installed or self._fault_file is not None:
            return
        with contextlib.suppress(OSError):
            self._folder.make()
        self._enable_faulthandler()

    def _stop_fault_trace(self) -> None:
        if self._fault_file is not None:
            faulthandler.disable()
            with contextlib.suppress(OSError):
                self._fault_file.close()
            self._fault_file = None
        self._folder.remove_live_trace()

    def _enable_faulthandler(self) -> None:
        try:
            # Kept open for the whole run: a crashing process cannot open files any more.
            handle = self._folder.open_fault_trace(self.app_version)
        except (OSError, RuntimeError, ValueError):
            logger.warning("Hard crashes will not leave a report: the trace file is unavailable")
            return
        try:
            faulthandler.enable(file=handle, all_threads=True)
        except (OSError, RuntimeError, ValueError):
            with contextlib.suppress(OSError):
                handle.close()
            self._folder.remove_live_trace()
            logger.warning("Hard crashes will not leave a report: the trace file is unavailable")
            return
        self._fault_file = handle

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
            self._folder.write(report)
            logger.error("Uncaught %s; crash report %s written", report.summary, report.id)
            return report
        except Exception:
            with contextlib.suppress(Exception):
                logger.error("A crash report could not be written")
            return None

    # -- what the user decides ------------------------------------------------------------

    def pending(self) -> list[CrashReport]:
        """Reports not yet sent, kept or deleted, oldest first; hard crashes included."""
        return self._folder.pending(self.app_version)

    def report_text(self, report: CrashReport) -> str:
        return report_text(report)

    def ingest_event(self, report: CrashReport) -> dict[str, str]:
        return ingest_event(report)

    def mark_sent(self, report: CrashReport) -> None:
        """The service has it now; no copy needs to stay here."""
        self.delete(report)

    def keep_locally(self, report: CrashReport) -> None:
        """No longer asked about; stays on this computer until it is 90 days old."""
        self._folder.keep(report)

    def delete(self, report: CrashReport) -> None:
        self._folder.delete(report)

    def remove_older_than(
        self, days: int = REPORT_RETENTION_DAYS, now: datetime | None = None
    ) -> int:
        """T2: delete reports (pending, kept) and leftover traces older than `days`."""
        return self._folder.remove_older_than(days, now)
