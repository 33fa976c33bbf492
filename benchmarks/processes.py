"""What the benchmarks that run the service in a process of its own share: a free port
on loopback, and waiting until the process answers (or died, or took two minutes)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

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
