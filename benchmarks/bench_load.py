"""The service under load, beside a bare FastAPI endpoint in the same run (needs `wrk`).

    .venv/bin/python -m benchmarks.bench_load [--seconds 10] [--connections 100,1000]
        [--setups sqlite:1,postgresql:1,postgresql:2]
    make bench    (pytest collects this file through benchmarks/conftest.py)

For every setup (database, number of API processes): `privacy-server serve --workers N` on a
fresh database holding the demo account (2,000 playback events), and a bare FastAPI app
under the same uvicorn settings with as many processes: one `async def` route and one plain
`def` route (the service's routes are plain functions run on the thread pool, so the second
is the fair floor). Then `wrk -t2 -cC -dS --timeout 10s` at each connection count against

- the bare `async def` and `def` endpoints,
- `GET /v1/me/choices`, `GET /v1/me/data/{category}` (the first page of playback events),
- `PATCH /v1/me/choices` with `If-Match: *`, flipping X1 on each request (a real change:
  values, audit row and a signed receipt, in one transaction).

PostgreSQL is a throwaway cluster started for the run (tests/support/postgres.py). wrk and
the service share the machine's cores, so figures are relative: read the ratio to the bare
endpoint. The run fails if any request errs (socket error, timeout, or an answer other than
2xx); the ratios are reported, not asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.processes import free_port, listening

REPOSITORY = Path(__file__).resolve().parents[1]
WRK_TIMEOUT = "10s"
EVENTS = 2000
BARE_APP = """
from fastapi import FastAPI

app = FastAPI()


@app.get("/bare/async")
async def bare_async() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/bare/sync")
def bare_sync() -> dict[str, str]:
    return {"status": "ok"}
"""
AUTH_LUA = """
wrk.headers["Authorization"] = "Bearer {token}"
"""
PATCH_LUA = """
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["If-Match"] = "*"
local flip = false
request = function()
  flip = not flip
  local body = '{{"changes": {{"X1": ' .. tostring(flip) .. '}}}}'
  return wrk.format(nil, nil, nil, body)
end
"""


@dataclass(frozen=True)
class Run:
    setup: str
    target: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # socket errors of every kind but timeouts
    timeouts: int
    non_2xx: int


def _milliseconds(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if found is None:
        raise ValueError(f"wrk printed a duration this does not read: {text!r}")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}[unit]


def wrk(url: str, connections: int, seconds: int, script: Path | None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", WRK_TIMEOUT]
    command += ["--latency", *(["-s", str(script)] if script else []), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    connect, read, write, timeout = (int(n) for n in sockets.groups()) if sockets else (0,) * 4
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": _milliseconds(p50.group(1)) if p50 else 0.0,
        "p99": _milliseconds(p99.group(1)) if p99 else 0.0,
        "max": _milliseconds(latency.group(3)) if latency else 0.0,
        "errors": connect + read + write,
        "timeouts": timeout,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _seed(database_url: str) -> tuple[str, str]:
    """The demo account with its history; an access token for it and a category with records."""
    from server.config import Settings
    from server.db.database import Database
    from server.db.migrate import upgrade_to_latest
    from server.db.models import AccessToken, User
    from server.demo import DEMO_EMAIL, seed_demo
    from server.security import token_digest

    upgrade_to_latest(database_url)
    database = Database(database_url)
    try:
        seed_demo(database, Settings(database_url=database_url), events=EVENTS)
        token = secrets.token_urlsafe(32)
        with database.session() as session:
            user = session.query(User).filter(User.email == DEMO_EMAIL).one()
            session.add(
                AccessToken(
                    token_hash=token_digest(token),
                    user_id=user.id,
                    family_id=secrets.token_hex(16),
                    expires_at=datetime.now(UTC) + timedelta(hours=6),
                )
            )
    finally:
        database.dispose()
    return token, _playback_category()


def _playback_category() -> str:
    from server.catalog.entries import CATEGORIES
    from server.data_stores import stores_of
    from server.db.models import PlaybackEvent

    for category in CATEGORIES:
        stores = stores_of(category.id)
        if stores and stores[0].model is PlaybackEvent:
            return category.id
    raise RuntimeError("no category keeps playback events")


@contextmanager
def _database(backend: str, workdir: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    from tests.support.postgres import SessionPostgres

    postgres = SessionPostgres()
    server = postgres.start()
    try:
        yield server.create_database(server.new_database_name("bench"))
    finally:
        postgres.stop()


def measure_setup(
    backend: str, processes: int, connection_counts: list[int], seconds: int, workdir: Path
) -> list[Run]:
    setup = f"{backend}, {processes} process{'es' if processes > 1 else ''}"
    runs: list[Run] = []
    with _database(backend, workdir) as database_url:
        token, category = _seed(database_url)
        auth = workdir / "auth.lua"
        auth.write_text(AUTH_LUA.format(token=token))
        patch = workdir / "patch.lua"
        patch.write_text(PATCH_LUA.format(token=token))
        (workdir / "bare_app.py").write_text(BARE_APP)
        service_port, bare_port = free_port(), free_port()
        service_url = f"http://127.0.0.1:{service_port}"
        bare_url = f"http://127.0.0.1:{bare_port}"
        environment = {**os.environ, "PRIVACY_SERVER_DATABASE_URL": database_url}
        serve = [sys.executable, "-m", "server.cli", "serve", "--port", str(service_port)]
        serve += ["--workers", str(processes)]
        bare = [sys.executable, "-m", "uvicorn", "--app-dir", str(workdir), "bare_app:app"]
        bare += ["--port", str(bare_port), "--workers", str(processes), "--no-access-log"]
        bare += ["--log-level", "warning", "--backlog", "4096"]
        targets: list[tuple[str, str, Path | None]] = [
            ("bare async def", f"{bare_url}/bare/async", None),
            ("bare def", f"{bare_url}/bare/sync", None),
            ("GET /v1/me/choices", f"{service_url}/v1/me/choices", auth),
            (f"GET /v1/me/data/{category}", f"{service_url}/v1/me/data/{category}", auth),
            ("PATCH /v1/me/choices", f"{service_url}/v1/me/choices", patch),
        ]
        with (
            listening(serve, workdir / "serve.log", service_url, env=environment),
            listening(bare, workdir / "bare.log", bare_url),
        ):
            for connections in connection_counts:
                for name, url, script in targets:
                    wrk(url, min(connections, 50), 2, script)  # warm every process up
                    figures = wrk(url, connections, seconds, script)
                    runs.append(
                        Run(
                            setup,
                            name,
                            connections,
                            figures["rps"],
                            figures["p50"],
                            figures["p99"],
                            figures["max"],
                            int(figures["errors"]),
                            int(figures["timeouts"]),
                            int(figures["non_2xx"]),
                        )
                    )
    return runs


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| setup | connections | target | req/s | × bare async | × bare def | p50 ms | p99 ms "
        "| max ms | errors | timeouts | non-2xx |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        bare = {
            r.target: r.requests_per_second
            for r in runs
            if r.setup == run.setup and r.connections == run.connections
        }
        ratio_async = run.requests_per_second / bare["bare async def"] if bare else 0
        ratio_sync = run.requests_per_second / bare["bare def"] if bare else 0
        lines.append(
            f"| {run.setup} | {run.connections} | {run.target} | {run.requests_per_second:,.0f} "
            f"| {ratio_async:.2f} | {ratio_sync:.2f} | {run.p50_ms:.0f} | {run.p99_ms:.0f} "
            f"| {run.max_ms:.0f} | {run.errors} | {run.timeouts} | {run.non_2xx} |"
        )
    return lines


def run_benchmark(setups: list[tuple[str, int]], connections: list[int], seconds: int) -> list[Run]:
    if shutil.which("wrk") is None:
        raise RuntimeError("the load benchmark needs wrk (Debian: apt-get install wrk)")
    runs: list[Run] = []
    for backend, processes in setups:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as workdir:
            runs += measure_setup(backend, processes, connections, seconds, Path(workdir))
    return runs


def _setups(text: str) -> list[tuple[str, int]]:
    return [(part.split(":")[0], int(part.split(":")[1])) for part in text.split(",")]


DEFAULT_SETUPS = "sqlite:1,sqlite:2,postgresql:1,postgresql:2"


def test_load_no_errors_at_100_and_1000_connections(report_figure: Callable[[str], None]) -> None:
    seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))
    setups = _setups(os.environ.get("BENCH_LOAD_SETUPS", DEFAULT_SETUPS))
    runs = run_benchmark(setups, [100, 1000], seconds)
    for line in table(runs):
        report_figure(line)
    failed = [run for run in runs if run.errors or run.timeouts or run.non_2xx]
    assert not failed, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", default="100,1000")
    parser.add_argument("--setups", default=DEFAULT_SETUPS)
    args = parser.parse_args()
    runs = run_benchmark(
        _setups(args.setups), [int(n) for n in args.connections.split(",")], args.seconds
    )
    print("\n".join(table(runs)))
    return 1 if any(run.errors or run.timeouts or run.non_2xx for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
