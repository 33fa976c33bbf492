"""The jobs queue: one job, one worker at a time; a dead worker's job is taken over and its
work still happens exactly once; failures are retried, then given up."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from server.config import Settings
from server.db.database import Database
from server.db.models import Job, PrivacyRequest, RequestEvent, User
from server.jobs import kinds, queue
from server.jobs.context import JobContext
from server.jobs.worker import run_worker
from server.requests_flow import RequestStatus, add_one_month, set_details, transition
from tests.server.helpers import START, Account, FakeClock

LEASE = timedelta(minutes=5)


def _enqueue(database: Database, kind: str, run_after_minutes: float = 0, **payload: str) -> int:
    with database.session() as session:
        return queue.enqueue(
            session, kind, dict(payload), START + timedelta(minutes=run_after_minutes)
        ).id


def _job(database: Database, job_id: int) -> Job:
    with database.session() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job


def test_a_job_is_not_claimed_before_its_time(
    database: Database, settings: Settings, clock: FakeClock
) -> None:
    job_id = _enqueue(database, "later", run_after_minutes=10)

    assert queue.claim(database, settings, "w1") is None
    clock.advance(minutes=10)
    claimed = queue.claim(database, settings, "w1", lease=LEASE)

    assert claimed is not None and claimed.id == job_id
    stored = _job(database, job_id)
    assert (stored.status, stored.locked_by, stored.attempts) == ("running", "w1", 1)
    assert stored.lease_until == START + timedelta(minutes=10) + LEASE


def test_a_running_job_is_not_claimed_again_while_its_lease_holds(
    database: Database, settings: Settings, clock: FakeClock
) -> None:
    _enqueue(database, "work")
    assert queue.claim(database, settings, "w1", lease=LEASE) is not None

    clock.advance(minutes=4, seconds=59)

    assert queue.claim(database, settings, "w2", lease=LEASE) is None


def test_two_workers_racing_for_each_job_never_both_get_it(
    database_url: str, settings: Settings
) -> None:
    """Eight threads, each with its own engine, hammer the same queue of 40 jobs."""
    setup = Database(database_url)
    for _ in range(40):
        _enqueue(setup, "race")
    setup.dispose()
    claimed: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        own = Database(database_url)
        try:
            start.wait()
            while True:
                job = queue.claim(own, settings, name, lease=LEASE)
                if job is None:
                    return
                with lock:
                    claimed.append(job.id)
        except BaseException as error:  # surfaced below, never swallowed
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    duplicates = [job_id for job_id, times in Counter(claimed).items() if times > 1]
    assert duplicates == []
    assert len(claimed) == 40
    with Database(database_url).session() as session:
        rows = list(session.scalars(select(Job)))
    assert all(row.attempts == 1 and row.status == "running" for row in rows)


def _race_for_one_job(database_url: str, settings: Settings, job_id: int) -> list[str]:
    """Six workers claim at the same moment; the names of those who got `job_id`."""
    winners: list[str] = []
    barrier = threading.Barrier(6)

    def worker(name: str) -> None:
        own = Database(database_url)
        try:
            barrier.wait()
            job = queue.claim(own, settings, name, lease=LEASE, kinds=frozenset({"single"}))
            if job is not None and job.id == job_id:
                winners.append(name)
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return winners


def test_a_single_job_wanted_by_many_workers_at_once_goes_to_exactly_one(
    database: Database, database_url: str, settings: Settings
) -> None:
    for _round in range(5):
        job_id = _enqueue(database, "single")
        assert len(_race_for_one_job(database_url, settings, job_id)) == 1


def _correction_request(database: Database, user_id: str) -> str:
    with database.session() as session:
        request = PrivacyRequest(
            user_id=user_id,
            idempotency_key="takeover",
            kind="correction",
            status=RequestStatus.RECEIVED.value,
            received_at=START,
            due_at=add_one_month(START),
        )
        set_details(request, {"field": "username", "proposed_value": "Countess", "reason": "title"})
        session.add(request)
        session.flush()
        transition(request, RequestStatus.VERIFYING, "checked", now=START)
        queue.enqueue(session, kinds.CORRECTION, {"request_id": request.id}, START)
        return request.id


def test_a_job_whose_worker_died_is_taken_over_and_done_exactly_once(
    database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    request_id = _correction_request(database, ada.id)
    dead = queue.claim(database, settings, "worker-that-dies", lease=LEASE)
    assert dead is not None

    # Before the lease runs out nobody else may take it ...
    assert run_worker(database, settings, once=True, worker_id="w2", schedule_retention=False) == 0
    clock.advance(LEASE + timedelta(seconds=1))
    # ... afterwards the living worker does, and a second pass finds nothing left.
    done = run_worker(database, settings, once=True, worker_id="w2", schedule_retention=False)
    again = run_worker(database, settings, once=True, worker_id="w3", schedule_retention=False)

    assert (done, again) == (1, 0)
    job = _job(database, dead.id)
    assert (job.status, job.locked_by, job.attempts) == ("done", "w2", 2)
    # The dead worker waking up cannot mark it done a second time.
    assert queue.complete(database, settings, dead) is False
    with database.session() as session:
        statuses = list(
            session.scalars(
                select(RequestEvent.status)
                .where(RequestEvent.request_id == request_id)
                .order_by(RequestEvent.id)
            )
        )
        user = session.get(User, ada.id)
    assert statuses == ["verifying", "in_progress", "completed"]
    assert user is not None and user.username == "Countess"


def test_a_handler_run_twice_for_one_job_still_applies_the_request_once(
    database: Database, settings: Settings, ada: Account
) -> None:
    """What happens when a taken-over worker was not dead, only slow: both finish."""
    request_id = _correction_request(database, ada.id)
    from server.jobs.correction import handle_correction

    job = queue.claim(database, settings, "w1", lease=LEASE)
    assert job is not None
    handle_correction(JobContext(database, settings, job))
    handle_correction(JobContext(database, settings, job))

    with database.session() as session:
        completed = session.scalars(
            select(RequestEvent).where(
                RequestEvent.request_id == request_id, RequestEvent.status == "completed"
            )
        ).all()
    assert len(completed) == 1


def test_a_failing_job_is_retried_later_and_given_up_after_the_last_attempt(
    database: Database, settings: Settings, clock: FakeClock
) -> None:
    job_id = _enqueue(database, "flaky")
    calls: list[int] = []

    def always_fails(context: JobContext) -> None:
        calls.append(context.job.attempts)
        raise RuntimeError("the partner service is down")

    handlers = {"flaky": always_fails}
    for _attempt in range(3):
        run_worker(
            database,
            settings,
            once=True,
            handlers=handlers,
            max_attempts=3,
            schedule_retention=False,
        )
        job = _job(database, job_id)
        if job.status == "queued":
            assert job.run_after > clock()
            clock.advance(job.run_after - clock())

    job = _job(database, job_id)
    assert calls == [1, 2, 3]
    assert job.status == "failed"
    assert job.error == "RuntimeError: the partner service is down"
    assert job.finished_at is not None


def test_backoff_doubles_and_stops_growing_at_an_hour() -> None:
    assert [queue.backoff(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
    ]
    assert queue.backoff(30) == timedelta(hours=1)


def test_a_worker_leaves_alone_the_kinds_it_has_no_handler_for(
    database: Database, settings: Settings
) -> None:
    job_id = _enqueue(database, "from-a-newer-version")

    ran = run_worker(database, settings, once=True, handlers={}, schedule_retention=False)

    assert ran == 0
    assert _job(database, job_id).status == "queued"


def test_a_worker_stops_when_asked(database: Database, settings: Settings) -> None:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker,
        args=(database, settings),
        kwargs={"stop_event": stop, "poll_interval": 0.05, "schedule_retention": False},
    )
    thread.start()
    stop.set()
    thread.join(timeout=5)

    assert not thread.is_alive()


def test_however_many_workers_start_one_daily_retention_sweep_is_waiting(
    database: Database, settings: Settings, clock: FakeClock
) -> None:
    for worker in ("w1", "w2", "w3"):
        run_worker(database, settings, once=True, worker_id=worker)

    with database.session() as session:
        sweeps = list(
            session.scalars(select(Job).where(Job.kind == kinds.RETENTION_SWEEP).order_by(Job.id))
        )
    assert [(job.status, job.run_after) for job in sweeps] == [
        ("done", START),
        ("queued", START + timedelta(days=1)),
    ]


def test_a_worker_started_with_a_pause_leaves_the_queue_alone_until_then_and_stops_within_it(
    database: Database, settings: Settings, ada: Account
) -> None:
    from server.jobs.commands import start_worker_thread

    _correction_request(database, ada.id)
    thread, stop = start_worker_thread(database, settings, first_poll_after=30.0)
    try:
        thread.join(timeout=0.5)
        with database.session() as session:
            statuses = session.scalars(select(Job.status)).all()
        assert statuses == ["queued"], "the worker did not wait"
    finally:
        stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive(), "stopping did not cut the pause short"
