"""The worker loop: claim a job, run its handler under a renewed lease, finish or retry.

Any number of workers (threads or processes, on one machine or many) can share one
database; the claim in `server.jobs.queue` hands each job to one of them at a time.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Mapping
from datetime import timedelta

from server.config import Settings
from server.db.database import Database
from server.jobs import kinds, queue, retention
from server.jobs.context import Handler, JobContext
from server.jobs.handlers import default_handlers

log = logging.getLogger(__name__)

DEFAULT_POLL_INTERVAL = 1.0


def default_worker_id() -> str:
    """Host, process and a random tail: unique even for two workers in one process."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class _LeaseKeeper:
    """Renews the lease every third of its length while a handler runs."""

    def __init__(
        self, database: Database, settings: Settings, job: queue.ClaimedJob, lease: timedelta
    ) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(database, settings, job, lease),
            name=f"lease-{job.id}",
            daemon=True,
        )

    def _run(
        self, database: Database, settings: Settings, job: queue.ClaimedJob, lease: timedelta
    ) -> None:
        interval = max(lease.total_seconds() / 3, 0.05)
        while not self._stop.wait(interval):
            try:
                if not queue.renew_lease(database, settings, job, lease):
                    return
            except Exception:  # a failed renewal is retried at the next beat
                log.warning("could not renew the lease of job %s", job.id, exc_info=True)

    def __enter__(self) -> _LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_one(
    database: Database,
    settings: Settings,
    job: queue.ClaimedJob,
    handlers: Mapping[str, Handler],
    *,
    lease: timedelta = queue.DEFAULT_LEASE,
    max_attempts: int = queue.DEFAULT_MAX_ATTEMPTS,
) -> bool:
    """Run one claimed job; True when it finished and this worker still held it."""
    handler = handlers.get(job.kind)
    if handler is None:
        queue.fail(database, settings, job, f"no handler for {job.kind!r}", max_attempts=1)
        return False
    try:
        with _LeaseKeeper(database, settings, job, lease):
            handler(JobContext(database, settings, job))
    except Exception as error:
        # The type and message only: our handlers never put personal records in messages.
        log.warning("job %s (%s) attempt %s failed", job.id, job.kind, job.attempts)
        queue.fail(
            database,
            settings,
            job,
            f"{type(error).__name__}: {error}",
            max_attempts=max_attempts,
        )
        return False
    if not queue.complete(database, settings, job):
        log.warning("job %s finished after its lease was taken over", job.id)
        return False
    log.info("job %s (%s) done", job.id, job.kind)
    return True


def run_worker(
    database: Database,
    settings: Settings,
    *,
    once: bool = False,
    stop_event: threading.Event | None = None,
    worker_id: str | None = None,
    handlers: Mapping[str, Handler] | None = None,
    lease: timedelta = queue.DEFAULT_LEASE,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    max_attempts: int = queue.DEFAULT_MAX_ATTEMPTS,
    schedule_retention: bool = True,
) -> int:
    """Run jobs until `stop_event` is set; with `once`, until none is ready. Returns the count.

    A worker only claims kinds it has a handler for, so workers of different versions can
    share one queue. With `schedule_retention` the daily retention sweep is started if no
    sweep is waiting yet.
    """
    worker_id = worker_id or default_worker_id()
    handlers = handlers if handlers is not None else default_handlers()
    stop = stop_event or threading.Event()
    known = frozenset(handlers)
    if schedule_retention and kinds.RETENTION_SWEEP in known:
        retention.ensure_scheduled(database, settings)
    finished = 0
    while not stop.is_set():
        job = queue.claim(database, settings, worker_id, lease=lease, kinds=known)
        if job is None:
            if once:
                break
            stop.wait(poll_interval)
            continue
        if run_one(database, settings, job, handlers, lease=lease, max_attempts=max_attempts):
            finished += 1
    return finished
