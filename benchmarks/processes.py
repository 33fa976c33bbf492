"""What the benchmarks that run the service in a process of its own share: a free port
on loopback, waiting until the process answers (or died, or took two minutes), and the
process itself for the length of a `with` block."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until `GET /v1/health` gets an answer: 200 from the service, 404 from the bare
    reference app of bench_load, which has no such route; both mean it is listening."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/v1/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except urllib.error.HTTPError as refused:
            if refused.code == 404:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{base_url} did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


@contextmanager
def listening(command: list[str], log: Path, base_url: str, **options: object) -> Iterator[None]:
    """`command` run from the repository, its output in `log`, until the block ends; the
    block starts once it answers at `base_url`."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=REPOSITORY, **options
        )  # type: ignore[call-overload]
    try:
        wait_until_up(base_url, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
