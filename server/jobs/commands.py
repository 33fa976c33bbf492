"""The `privacy-server` subcommands about jobs and requests: worker, extend-request.

Kept apart from `server/cli.py` so that the command line only wires them in.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import timedelta
from types import FrameType

from server.config import Settings
from server.db.database import Database
from server.db.models import PrivacyRequest
from server.jobs.queue import DEFAULT_LEASE
from server.jobs.worker import DEFAULT_POLL_INTERVAL, run_worker
from server.requests_flow import InvalidExtension, extend


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than zero")
    return value


def add_job_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = commands.add_parser("worker", help="run queued jobs (requests, retention sweeps)")
    worker.add_argument("--once", action="store_true", help="run the jobs due now, then exit")
    worker.add_argument("--worker-id", help="name in the jobs table (default: host:pid:random)")
    worker.add_argument(
        "--poll-interval",
        type=_positive_seconds,
        default=DEFAULT_POLL_INTERVAL,
        metavar="SECONDS",
        help="how long to wait when no job is ready",
    )
    worker.add_argument(
        "--lease-seconds",
        type=_positive_seconds,
        default=DEFAULT_LEASE.total_seconds(),
        metavar="SECONDS",
        help="after this long without a renewal, another worker may take a job over",
    )
    extend_parser = commands.add_parser(
        "extend-request", help="extend a request's deadline (R8: at most two months in all)"
    )
    extend_parser.add_argument("request_id")
    extend_parser.add_argument("--months", type=int, required=True, choices=(1, 2))
    extend_parser.add_argument("--reason", required=True, help="shown to the user")


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help="also run a job worker in this process (for the demo; use `worker` in production)",
    )


def run_worker_command(args: argparse.Namespace, database: Database, settings: Settings) -> int:
    stop = threading.Event()

    def _stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    count = run_worker(
        database,
        settings,
        once=args.once,
        stop_event=stop,
        worker_id=args.worker_id,
        lease=timedelta(seconds=args.lease_seconds),
        poll_interval=args.poll_interval,
    )
    print(f"worker stopped after {count} job(s)")
    return 0


def run_extend_command(args: argparse.Namespace, database: Database, settings: Settings) -> int:
    try:
        with database.session() as session:
            request = session.get(PrivacyRequest, args.request_id)
            if request is None:
                print(f"privacy-server: no request {args.request_id}", file=sys.stderr)
                return 1
            due = extend(request, args.months, args.reason, now=settings.clock())
    except InvalidExtension as error:
        print(f"privacy-server: cannot extend: {error}", file=sys.stderr)
        return 1
    print(f"request {args.request_id} is now due {due.isoformat()}")
    return 0


def start_worker_thread(
    database: Database, settings: Settings, *, first_poll_after: float = 0.0
) -> tuple[threading.Thread, threading.Event]:
    """`serve --with-worker`: one worker beside the HTTP service, stopped with it. It looks
    for work `first_poll_after` seconds from now (the desktop demo lets its app's first
    reads go first), and at once when that is 0."""
    stop = threading.Event()

    def work() -> None:
        if not stop.wait(first_poll_after):
            run_worker(database, settings, stop_event=stop)

    thread = threading.Thread(target=work, name="privacy-worker", daemon=True)
    thread.start()
    return thread, stop
