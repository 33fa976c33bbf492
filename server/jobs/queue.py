"""The jobs table as a queue: enqueue, claim with a lease, finish, retry with backoff.

A worker claims one job at a time and holds it under a lease. If the worker dies, the lease
runs out and another worker takes the job over, so a job can start more than once; the
handlers make the outcome happen once (they check the request's status before acting).

Claiming is the same code on both databases. On PostgreSQL the candidate row is read with
`SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent workers skip each other's rows instead
of queueing behind them. SQLite has no row locks (it renders no FOR UPDATE and serialises
writers), so the claim itself is a compare-and-swap: the UPDATE only succeeds while the row
still has the status, lease and attempt count the worker read. Of two workers that read the
same row, exactly one UPDATE matches; the other tries the next candidate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.database import Database
from server.db.models import Job


class JobStatus:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


DEFAULT_LEASE = timedelta(minutes=5)
DEFAULT_MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
# How many raced-for candidates a worker tries before it says "nothing for me now".
_CLAIM_ROUNDS = 5


@dataclass(frozen=True)
class ClaimedJob:
    """What a worker holds: enough to run the job and to prove it still owns it."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    worker_id: str
    lease_until: datetime


def enqueue(session: Session, kind: str, payload: dict[str, Any], run_after: datetime) -> Job:
    """Add a job in the caller's transaction: it exists exactly when the caller's work does."""
    job = Job(
        kind=kind,
        payload=json.dumps(payload, sort_keys=True),
        status=JobStatus.QUEUED,
        run_after=run_after,
        attempts=0,
    )
    session.add(job)
    session.flush()
    return job


def _claimable(now: datetime) -> Any:
    return or_(
        and_(Job.status == JobStatus.QUEUED, Job.run_after <= now),
        and_(Job.status == JobStatus.RUNNING, Job.lease_until < now),
    )


def claim(
    database: Database,
    settings: Settings,
    worker_id: str,
    *,
    lease: timedelta = DEFAULT_LEASE,
    kinds: frozenset[str] | None = None,
) -> ClaimedJob | None:
    """Take the oldest ready job (or one whose lease ran out), or None if there is none."""
    for _round in range(_CLAIM_ROUNDS):
        with database.session() as session:
            now = settings.clock()
            query = select(Job).where(_claimable(now))
            if kinds is not None:
                query = query.where(Job.kind.in_(kinds))
            candidate = session.scalar(
                query.order_by(Job.run_after, Job.id).limit(1).with_for_update(skip_locked=True)
            )
            if candidate is None:
                return None
            lease_guard = (
                Job.lease_until.is_(None)
                if candidate.lease_until is None
                else Job.lease_until == candidate.lease_until
            )
            lease_until = now + lease
            result = session.execute(
                update(Job)
                .where(
                    Job.id == candidate.id,
                    Job.status == candidate.status,
                    Job.attempts == candidate.attempts,
                    lease_guard,
                )
                .values(
                    status=JobStatus.RUNNING,
                    lease_until=lease_until,
                    locked_by=worker_id,
                    attempts=candidate.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) == 1:
                return ClaimedJob(
                    id=candidate.id,
                    kind=candidate.kind,
                    payload=json.loads(candidate.payload or "{}"),
                    attempts=candidate.attempts + 1,
                    worker_id=worker_id,
                    lease_until=lease_until,
                )
        # Another worker won this row between our read and our write: look again.
    return None


def _owned_by(job: ClaimedJob) -> Any:
    """Only the worker holding the current attempt may renew or finish the job."""
    return and_(
        Job.id == job.id,
        Job.status == JobStatus.RUNNING,
        Job.locked_by == job.worker_id,
        Job.attempts == job.attempts,
    )


def renew_lease(database: Database, settings: Settings, job: ClaimedJob, lease: timedelta) -> bool:
    """Keep a long job (a big export) from being taken over while its worker is alive."""
    with database.session() as session:
        result = session.execute(
            update(Job)
            .where(_owned_by(job))
            .values(lease_until=settings.clock() + lease)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1


def complete(database: Database, settings: Settings, job: ClaimedJob) -> bool:
    """Mark done. False when the lease was lost and another worker owns the job now."""
    with database.session() as session:
        result = session.execute(
            update(Job)
            .where(_owned_by(job))
            .values(
                status=JobStatus.DONE,
                finished_at=settings.clock(),
                lease_until=None,
                error=None,
            )
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... at most an hour between tries."""
    delay: timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_CAP)


def fail(
    database: Database,
    settings: Settings,
    job: ClaimedJob,
    error: str,
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> bool:
    """Put the job back for a later try, or give up after `max_attempts`.

    `error` is kept for the operator; callers pass the exception's type and message, never
    a personal record.
    """
    now = settings.clock()
    values: dict[str, Any] = {"error": error[:2000], "lease_until": None, "locked_by": None}
    if job.attempts >= max_attempts:
        values.update(status=JobStatus.FAILED, finished_at=now)
    else:
        values.update(status=JobStatus.QUEUED, run_after=now + backoff(job.attempts))
    with database.session() as session:
        result = session.execute(
            update(Job)
            .where(_owned_by(job))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1


def has_pending(session: Session, kind: str, *, queued_only: bool = False) -> bool:
    """Is a job of this kind already waiting (or running)? Keeps recurring jobs single."""
    statuses = (JobStatus.QUEUED,) if queued_only else (JobStatus.QUEUED, JobStatus.RUNNING)
    query = select(Job.id).where(Job.kind == kind, Job.status.in_(statuses))
    return session.scalar(query.limit(1)) is not None
