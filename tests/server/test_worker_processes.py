"""Two real `privacy-server worker` processes share one database; the one that took a job is
killed (SIGKILL) in the middle of it. The other takes the job over once the lease runs out,
and the request the job carries out is done exactly once.

Runs on every backend the `database_url` fixture gives (SQLite, and PostgreSQL where the
suite runs it), so the SKIP LOCKED claim is exercised across processes too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from server.db.database import Database
from server.db.models import Job, PrivacyRequest, RequestEvent, User
from server.jobs import kinds, queue
from server.jobs.handlers import TEST_HANDLERS_ENV
from server.jobs.testing_kinds import SLOW
from server.requests_flow import RequestStatus, add_one_month, set_details, transition
from tests.server.helpers import START, Account

REPOSITORY = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 2.0
SLOW_SECONDS = 2.0


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def start_worker(
    database_url: str, tmp_path: Path
) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    environment = {**os.environ, TEST_HANDLERS_ENV: "1"}

    def start(worker_id: str) -> subprocess.Popen[bytes]:
        output = (tmp_path / f"{worker_id}.log").open("wb")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "server.cli",
                "--database-url",
                database_url,
                "worker",
                "--worker-id",
                worker_id,
                "--lease-seconds",
                str(LEASE_SECONDS),
                "--poll-interval",
                "0.1",
            ],
            cwd=REPOSITORY,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        output.close()
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _slow_correction(database: Database, user_id: str, log: Path) -> tuple[str, int]:
    """A correction request whose job first sleeps, then runs the real correction handler."""
    with database.session() as session:
        request = PrivacyRequest(
            user_id=user_id,
            idempotency_key="two-workers",
            kind="correction",
            status=RequestStatus.RECEIVED.value,
            received_at=START,
            due_at=add_one_month(START),
        )
        set_details(request, {"field": "username", "proposed_value": "Enchantress", "reason": "r"})
        session.add(request)
        session.flush()
        transition(request, RequestStatus.VERIFYING, "checked", now=START)
        job = queue.enqueue(
            session,
            SLOW,
            {
                "request_id": request.id,
                "log": str(log),
                "seconds": SLOW_SECONDS,
                "then": kinds.CORRECTION,
            },
            START,  # long past: ready for whichever worker looks first
        )
        return request.id, job.id


def test_a_job_whose_worker_process_is_killed_is_finished_by_the_other_exactly_once(
    database: Database,
    ada: Account,
    tmp_path: Path,
    start_worker: Callable[[str], subprocess.Popen[bytes]],
) -> None:
    log = tmp_path / "slow-job.log"
    request_id, job_id = _slow_correction(database, ada.id, log)
    workers = {name: start_worker(name) for name in ("worker-a", "worker-b")}

    _wait_for(lambda: log.exists() and "started" in log.read_text(), 60, "a worker to start")
    first = log.read_text().split()[1]
    workers[first].send_signal(signal.SIGKILL)
    workers[first].wait(timeout=10)
    survivor = next(name for name in workers if name != first)

    def job_done() -> bool:
        with database.session() as session:
            job = session.get(Job, job_id)
            return job is not None and job.status == "done"

    _wait_for(job_done, 60, "the surviving worker to finish the job")
    workers[survivor].send_signal(signal.SIGTERM)
    assert workers[survivor].wait(timeout=20) == 0

    assert log.read_text().splitlines() == [
        f"started {first}",
        f"started {survivor}",
        f"finished {survivor}",
    ]
    with database.session() as session:
        job = session.get(Job, job_id)
        statuses = list(
            session.scalars(
                select(RequestEvent.status)
                .where(RequestEvent.request_id == request_id)
                .order_by(RequestEvent.id)
            )
        )
        user = session.get(User, ada.id)
    assert job is not None
    assert (job.status, job.locked_by, job.attempts) == ("done", survivor, 2)
    assert statuses == ["verifying", "in_progress", "completed"]
    assert user is not None and user.username == "Enchantress"
