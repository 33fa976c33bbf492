"""How long the access copy of a heavy user takes, and whether its memory stays flat.

    .venv/bin/python benchmarks/bench_export.py [--events 1000000] [--keep DIR]
    make bench        (collects it through benchmarks/conftest.py; $BENCH_EVENTS sets N)

Seeds one account with N playback events (C5) straight through Core bulk inserts into a
fresh, migrated SQLite file, then builds the copy twice, each time in a fresh process so
the figures are the export's own and not the seeding's:

1. plain: wall time, resident memory before the build and its peak. On Linux the peak is
   the process's own high-water mark (VmHWM); `ru_maxrss` is reported beside it, but after
   fork and exec it starts at the parent's size, so it can only overstate;
2. traced: peak Python allocations (`tracemalloc`), which slows the build, so its time is
   reported separately and is not the headline figure.

The file is named bench_*.py on purpose: `make test` (testpaths = tests) never collects it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from server.config import Settings
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from server.db.models import PlaybackEvent, User

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
USER_ID = "b" * 32
CHUNK_ROWS = 20_000
DEFAULT_EVENTS = 1_000_000
DEVICES = ("Living room TV", "Phone", "Laptop", "Car")
KINDS = (("music", "flac", ""), ("video", "mkv", "1080p"), ("photo", "jpeg", "4032x3024"))


def _event_rows(count: int) -> Iterator[list[dict[str, Any]]]:
    """Chunks of rows, one event every 15 seconds back from NOW: never the whole list."""
    start = NOW - timedelta(seconds=15 * count)
    for first in range(0, count, CHUNK_ROWS):
        chunk = []
        for number in range(first, min(first + CHUNK_ROWS, count)):
            kind, file_type, resolution = KINDS[number % 3]
            chunk.append(
                {
                    "user_id": USER_ID,
                    "occurred_at": start + timedelta(seconds=15 * number),
                    "device": DEVICES[number % 4],
                    "media_kind": kind,
                    "duration_seconds": 30 + number % 3600,
                    "bitrate_kbps": 320 + number % 20_000,
                    "resolution": resolution,
                    "file_type": file_type,
                    "ip_address": f"192.0.2.{number % 250}",
                }
            )
        yield chunk


def seed(url: str, events: int) -> float:
    upgrade_to_latest(url)
    database = Database(url)
    started = time.perf_counter()
    try:
        with database.engine.begin() as connection:
            connection.execute(
                insert(User),
                [
                    {
                        "id": USER_ID,
                        "email": "heavy.listener@example.org",
                        "username": "heavy listener",
                        "password_hash": "!",
                        "created_at": NOW - timedelta(days=400),
                        "choices_version": 1,
                    }
                ],
            )
            for chunk in _event_rows(events):
                connection.execute(insert(PlaybackEvent), chunk)
    finally:
        database.dispose()
    return time.perf_counter() - started


def _current_rss_bytes() -> int | None:
    """Resident memory right now (Linux); the peak alone hides what imports already took."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        return None
    return int(statm.read_text().split()[1]) * resource.getpagesize()


def _maxrss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def _peak_rss_bytes() -> int:
    """This program's own peak resident memory: VmHWM on Linux, else ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return _maxrss_bytes()


def build_once(url: str, export_dir: Path, traced: bool) -> dict[str, Any]:
    """Runs in its own process (see `main`); prints its figures as JSON."""
    from server.jobs.access_export import build_access_export

    settings = Settings(database_url=url, clock=lambda: NOW, export_dir=export_dir)
    database = Database(url)
    rss_before = _current_rss_bytes() or _peak_rss_bytes()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    result = build_access_export(database, settings, USER_ID, "traced" if traced else "plain")
    seconds = time.perf_counter() - started
    figures: dict[str, Any] = {
        "seconds": seconds,
        "rss_before": rss_before,
        "rss_peak": _peak_rss_bytes(),
        "rss_after": _current_rss_bytes(),
        "ru_maxrss": _maxrss_bytes(),
        "zip_bytes": result.size,
    }
    if traced:
        figures["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    database.dispose()
    return figures


def _in_fresh_process(url: str, export_dir: Path, traced: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--build", url, str(export_dir)]
    if traced:
        command.append("--traced")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def run(events: int, folder: Path) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Seed, build twice; the lines to report and the two builds' raw figures."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    seeded = seed(url, events)
    plain = _in_fresh_process(url, folder / "exports", traced=False)
    traced = _in_fresh_process(url, folder / "exports", traced=True)
    lines = [
        f"export: seeded {events:,} playback events in {seeded:.1f} s",
        f"export: copy of {events:,} events built in {plain['seconds']:.1f} s wall time",
        f"export: peak RSS {_mib(plain['rss_peak'])} "
        f"(resident before the build: {_mib(plain['rss_before'])}; "
        f"ru_maxrss {_mib(plain['ru_maxrss'])})",
        f"export: tracemalloc peak {_mib(traced['tracemalloc_peak'])} "
        f"(traced build took {traced['seconds']:.1f} s)",
        f"export: ZIP size {_mib(plain['zip_bytes'])} ({plain['zip_bytes']:,} bytes)",
    ]
    return lines, plain, traced


def test_exporting_a_million_events_keeps_memory_flat(
    report_figure: Callable[[str], None], tmp_path: Path
) -> None:
    """Memory must not grow with the record count: a million events held at once would
    take hundreds of MiB, the streaming build needs a few."""
    events = int(os.environ.get("BENCH_EVENTS", DEFAULT_EVENTS))
    lines, plain, traced = run(events, tmp_path)
    for line in lines:
        report_figure(line)
    assert traced["tracemalloc_peak"] < 64 * 2**20
    assert plain["rss_peak"] - plain["rss_before"] < 128 * 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    parser.add_argument("--keep", type=Path, help="put the database and copies here and keep them")
    parser.add_argument("--build", nargs=2, metavar=("URL", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        print(json.dumps(build_once(args.build[0], Path(args.build[1]), args.traced)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-export-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for line in run(args.events, folder)[0]:
            print(line)


if __name__ == "__main__":
    main()
