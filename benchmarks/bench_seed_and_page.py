"""Seeding a heavy demo account, then reading it the way the app does.

    .venv/bin/python -m benchmarks.bench_seed_and_page [--events 1000000] [--keep DIR]
    make bench    (pytest collects this file through benchmarks/conftest.py)

1. `privacy-server seed-demo --events N` into a fresh SQLite file, in a process of its
   own so that its wall time and peak resident memory are the seeding's and nobody
   else's (the whole command: interpreter start, migrations, password hash, seeding). N is 1,000,000 unless `--events` or $BENCH_EVENTS says otherwise.
2. In this process, signed in as the demo account: the first page of playback events,
   the page reached by following 100 cursors, a page in the middle (its cursor crafted
   from the middle row, the way a client that remembered a position would hold one), the
   last page, and the per-category summary. Each read is timed several times; the median
   is reported.

The budgets below are loose on purpose (the machine is shared); what they guard against
is the shape of the cost, e.g. an OFFSET scan that grows with the depth of the page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from server.app import create_app
from server.config import Settings
from server.cursors import encode_cursor
from server.db.database import Database
from server.db.models import PlaybackEvent, User
from server.demo import DEMO_EMAIL, DEMO_PASSWORD

DEFAULT_EVENTS = 1_000_000
REPEATS = 5

SEED_BUDGET_SECONDS = 600.0
PAGE_BUDGET_SECONDS = 0.5
SUMMARY_BUDGET_SECONDS = 3.0


@dataclass(frozen=True)
class SeedFigures:
    events: int
    seconds: float
    peak_rss_bytes: int
    database_bytes: int


@dataclass(frozen=True)
class ReadFigures:
    first_page: float
    first_page_500: float
    after_100_cursors: float
    walk_100_pages: float
    middle_page: float
    last_page: float
    summary: float


# Runs the real command, then reports the process's own high-water mark. VmHWM belongs to
# the process's address space since its exec; ru_maxrss would also count the benchmark
# process it was forked from, which Linux carries over across exec.
_SEED_COMMAND = """
import sys
from server.cli import main
status = main(sys.argv[1:])
with open("/proc/self/status") as status_file:
    for line in status_file:
        if line.startswith("VmHWM:"):
            print("peak_rss_kib", line.split()[1], file=sys.stderr)
sys.exit(status)
"""


def seed_in_own_process(url: str, events: int) -> SeedFigures:
    """`privacy-server seed-demo --events N` in a fresh interpreter, timed from outside."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _SEED_COMMAND,
            "--database-url",
            url,
            "seed-demo",
            "--events",
            str(events),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    assert DEMO_EMAIL in done.stdout, done.stdout
    peak_kib = int(done.stderr.split("peak_rss_kib", 1)[1].split()[0])
    path = Path(url.removeprefix("sqlite:///"))
    size = sum(part.stat().st_size for part in path.parent.glob(path.name + "*"))
    return SeedFigures(events, seconds, peak_kib * 1024, size)


def _median_seconds(call: Callable[[], Any], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _middle_and_last_cursors(url: str, events: int) -> tuple[str, str]:
    """Cursors pointing half-way and one page before the end (setup only: OFFSET is fine)."""
    database = Database(url)
    try:
        with database.session() as session:
            demo_id = session.scalar(select(User.id).where(User.email == DEMO_EMAIL))
            newest_first = (
                select(PlaybackEvent.occurred_at, PlaybackEvent.id)
                .where(PlaybackEvent.user_id == demo_id)
                .order_by(PlaybackEvent.occurred_at.desc(), PlaybackEvent.id.desc())
            )
            middle = session.execute(newest_first.offset(events // 2).limit(1)).one()
            near_end = session.execute(newest_first.offset(max(events - 51, 0)).limit(1)).one()
    finally:
        database.dispose()
    return (
        encode_cursor("C5", middle.occurred_at, middle.id),
        encode_cursor("C5", near_end.occurred_at, near_end.id),
    )


def time_reads(url: str, events: int) -> ReadFigures:
    middle_cursor, last_cursor = _middle_and_last_cursors(url, events)
    # The benchmark signs in with the password grant, which a plain Settings leaves off.
    with TestClient(create_app(Settings(database_url=url, password_grant=True))) as client:
        token = client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": DEMO_EMAIL, "password": DEMO_PASSWORD},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def page(cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            response = client.get("/v1/me/data/C5", headers=headers, params=params)
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            return body

        first = page()
        assert len(first["records"]) == min(100, events)
        cursor = first["next_cursor"]
        walk_started = time.perf_counter()
        for _ in range(99):
            if cursor is None:  # fewer than 100 pages (a small BENCH_EVENTS)
                break
            cursor = page(cursor)["next_cursor"]
        walk = time.perf_counter() - walk_started
        deep_cursor = cursor
        last = page(last_cursor)
        assert last["next_cursor"] is None and len(last["records"]) == 50

        def summary() -> None:
            response = client.get("/v1/me/data", headers=headers)
            assert response.status_code == 200
            counts = {c["id"]: c["count"] for c in response.json()["categories"]}
            assert counts["C5"] == events

        return ReadFigures(
            first_page=_median_seconds(page),
            first_page_500=_median_seconds(lambda: page(limit=500)),
            after_100_cursors=_median_seconds(lambda: page(deep_cursor)),
            walk_100_pages=walk,
            middle_page=_median_seconds(lambda: page(middle_cursor)),
            last_page=_median_seconds(lambda: page(last_cursor)),
            summary=_median_seconds(summary),
        )


def describe(seeded: SeedFigures, reads: ReadFigures) -> list[str]:
    ms = 1000.0
    return [
        f"seed-demo --events {seeded.events:,}: {seeded.seconds:.1f} s "
        f"({seeded.events / seeded.seconds:,.0f} events/s), peak RSS "
        f"{seeded.peak_rss_bytes / 2**20:.0f} MiB, database {seeded.database_bytes / 2**20:.0f} MiB",
        f"GET /v1/me/data/C5 first page (limit 100): {reads.first_page * ms:.1f} ms",
        f"GET /v1/me/data/C5 first page (limit 500): {reads.first_page_500 * ms:.1f} ms",
        f"GET /v1/me/data/C5 after following 100 cursors: {reads.after_100_cursors * ms:.1f} ms "
        f"(walking those 99 pages took {reads.walk_100_pages:.2f} s)",
        f"GET /v1/me/data/C5 at the middle ({seeded.events // 2:,} records in): "
        f"{reads.middle_page * ms:.1f} ms",
        f"GET /v1/me/data/C5 last page: {reads.last_page * ms:.1f} ms",
        f"GET /v1/me/data (16 categories): {reads.summary * ms:.1f} ms",
    ]


def check_budgets(seeded: SeedFigures, reads: ReadFigures) -> None:
    assert seeded.seconds < SEED_BUDGET_SECONDS, seeded
    for seconds in (
        reads.first_page,
        reads.first_page_500,
        reads.after_100_cursors,
        reads.middle_page,
        reads.last_page,
    ):
        assert seconds < PAGE_BUDGET_SECONDS, reads
    assert reads.summary < SUMMARY_BUDGET_SECONDS, reads


@contextmanager
def _workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as name:
        yield Path(name)


def run(events: int, keep: Path | None = None) -> list[str]:
    with _workdir(keep) as folder:
        path = folder / "bench-seed.sqlite3"
        for old in folder.glob(path.name + "*"):
            old.unlink()
        url = f"sqlite:///{path}"
        seeded = seed_in_own_process(url, events)
        reads = time_reads(url, events)
    check_budgets(seeded, reads)
    return describe(seeded, reads)


def test_seeding_a_million_events_and_paging_through_them(
    report_figure: Callable[[str], None],
) -> None:
    for line in run(int(os.environ.get("BENCH_EVENTS", DEFAULT_EVENTS))):
        report_figure(line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    args = parser.parse_args(argv)
    for line in run(args.events, args.keep):
        print(line)


if __name__ == "__main__":
    main()
