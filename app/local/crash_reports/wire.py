"""The report as the user reads it and as the service receives it: one text, both ways."""

from __future__ import annotations

from app.local.crash_reports.report import CrashReport
from app.local.logs import redact

APP_NAME = "Privacy Desk"
# The ingest endpoint's field limits (server/api/ingest.py, CrashReportIn).
_INGEST_LIMITS = {"app": 100, "app_version": 50, "device": 100, "summary": 500, "body": 200_000}


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
