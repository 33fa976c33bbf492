"""Crash reports the user reads before anything leaves the computer (X3, T2).

A report is built from facts about the code, never from the data it was handling: the
exception's type and, per frame, the file's base name, the line number and the function.
The exception's message and the frames' local variables are left out on purpose: they
are where e-mail addresses, tokens and records end up. A hard crash (segfault, abort)
cannot run Python, so `faulthandler` writes a trace into a file that is turned into a
report at the next start.

Reports live as one JSON file each: `<id>.json` while pending, `<id>.kept.json` once the
user chose to keep it here. They are removed after 90 days, sent or not.

The parts: `report` (the report and how it is made from an exception or a fault trace),
`wire` (the text the user reads, which is also what the service receives), `storage` (the
folder of reports and traces) and `hooks` (`CrashReporter`, which hooks the process).
"""

from app.local.crash_reports.hooks import MAX_REPORTS_PER_RUN, CrashReporter
from app.local.crash_reports.report import (
    MAX_FRAMES,
    CrashFrame,
    CrashReport,
    report_from_exception,
    report_from_fault_trace,
)
from app.local.crash_reports.storage import REPORT_RETENTION_DAYS, crash_reports_dir
from app.local.crash_reports.wire import APP_NAME, ingest_event, report_text

__all__ = [
    "APP_NAME",
    "MAX_FRAMES",
    "MAX_REPORTS_PER_RUN",
    "REPORT_RETENTION_DAYS",
    "CrashFrame",
    "CrashReport",
    "CrashReporter",
    "crash_reports_dir",
    "ingest_event",
    "report_from_exception",
    "report_from_fault_trace",
    "report_text",
]
