"""Retention sweeps (T2-T4): what the policy says may only be kept for a while, goes.

- T2: crash reports and debug logs older than 90 days;
- T3: website cookies older than 14 days;
  (both read from the `retention_days` of `server.data_stores.STORES`, the one registry);
- access copies whose 7-day download window has passed: the file is removed and the
  request moves from completed to expired;
- T4: what was left of a deleted account (its deletion request, already unlinked) 30 days
  after the deletion. The tombstone stays: it holds nothing personal;
- finished jobs older than 30 days (their payloads name request ids, which are gone too);
- authorization codes and device sign-ins a day after they expired (kept that long so that
  a late replay of a code is still recognised, and still ends the tokens it gave).

The sweep is a recurring job: each run enqueues the next one a day later, unless another
sweep is already waiting (two workers must not keep two chains going).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.config import Settings
from server.data_stores import STORES
from server.db.database import Database
from server.db.models import AuthorizationCode, DeviceAuthorization, Job, PrivacyRequest
from server.jobs import kinds
from server.jobs.context import JobContext
from server.jobs.queue import JobStatus, enqueue, has_pending
from server.requests_flow import RequestKind, RequestStatus, StaleRequest, transition

SWEEP_INTERVAL = timedelta(days=1)
AFTER_DELETION = timedelta(days=30)  # T4
FINISHED_JOBS_KEPT = timedelta(days=30)
SIGN_IN_CODES_KEPT = timedelta(days=1)


@dataclass
class SweepReport:
    """How many rows each rule removed: counts only, never the rows."""

    removed_by_category: dict[str, int] = field(default_factory=dict)
    expired_exports: int = 0
    unlinked_requests: int = 0
    finished_jobs: int = 0
    sign_in_codes: int = 0


def _rowcount(result: object) -> int:
    count = getattr(result, "rowcount", 0)
    return count if isinstance(count, int) and count > 0 else 0


def _expire_exports(session: Session, settings: Settings) -> list[Path]:
    now = settings.clock()
    files: list[Path] = []
    due = session.scalars(
        select(PrivacyRequest).where(
            PrivacyRequest.kind == RequestKind.ACCESS,
            PrivacyRequest.status == RequestStatus.COMPLETED,
            PrivacyRequest.export_expires_at <= now,
        )
    ).all()
    for request in due:
        path = request.export_file
        try:
            transition(
                request,
                RequestStatus.EXPIRED,
                "The 7-day download window is over; the copy was removed.",
                now=now,
                export_file=None,
            )
        except StaleRequest:
            continue
        if path:
            files.append(Path(path))
    return files


def sweep(database: Database, settings: Settings) -> SweepReport:
    report = SweepReport()
    files: list[Path] = []
    with database.session() as session:
        now = settings.clock()
        for store in STORES.values():
            if store.retention_days is None:
                continue
            cutoff = now - timedelta(days=store.retention_days)
            result = session.execute(
                delete(store.model)
                .where(store.column(store.time_column) < cutoff)
                .execution_options(synchronize_session=False)
            )
            report.removed_by_category[store.category_id] = _rowcount(result)
        files = _expire_exports(session, settings)
        report.expired_exports = len(files)
        unlinked_before = now - AFTER_DELETION
        result = session.execute(
            delete(PrivacyRequest)
            .where(
                PrivacyRequest.user_id.is_(None),
                func.coalesce(PrivacyRequest.completed_at, PrivacyRequest.received_at)
                <= unlinked_before,
            )
            .execution_options(synchronize_session=False)
        )
        report.unlinked_requests = _rowcount(result)
        result = session.execute(
            delete(Job)
            .where(
                Job.status.in_((JobStatus.DONE, JobStatus.FAILED)),
                Job.finished_at <= now - FINISHED_JOBS_KEPT,
            )
            .execution_options(synchronize_session=False)
        )
        report.finished_jobs = _rowcount(result)
        for model in (AuthorizationCode, DeviceAuthorization):
            result = session.execute(
                delete(model)
                .where(model.expires_at <= now - SIGN_IN_CODES_KEPT)
                .execution_options(synchronize_session=False)
            )
            report.sign_in_codes += _rowcount(result)
    for path in files:
        path.unlink(missing_ok=True)
    return report


def ensure_scheduled(database: Database, settings: Settings) -> None:
    """Start the chain of daily sweeps if no sweep is waiting (called when a worker starts)."""
    with database.session() as session:
        if not has_pending(session, kinds.RETENTION_SWEEP):
            enqueue(session, kinds.RETENTION_SWEEP, {}, settings.clock())


def handle_retention_sweep(context: JobContext) -> None:
    sweep(context.database, context.settings)
    with context.database.session() as session:
        # Another sweep still running (started by a second worker) does not count: only a
        # waiting one does, so exactly one of two finishing sweeps schedules the next.
        if not has_pending(session, kinds.RETENTION_SWEEP, queued_only=True):
            enqueue(session, kinds.RETENTION_SWEEP, {}, context.settings.clock() + SWEEP_INTERVAL)
