"""The test side of the JSON-line conversation with `tests/support/app_driver.py`.

The driver answers each command on a line starting with "@@ " and carrying the command's
id (its ready line has no id). A thread reads those lines as they come, so a test can send
a command and wait for its answer, or look whether it came, while the app keeps running.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from typing import Any

from tests.support.app_driver import REPLY_PREFIX


class DriverChannel:
    def __init__(self, popen: subprocess.Popen[str]) -> None:
        self.popen = popen
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._last_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, cmd: str, **args: Any) -> int | None:
        """Send a command; its id, or None if the app is gone."""
        self._last_id += 1
        try:
            assert self.popen.stdin is not None
            self.popen.stdin.write(json.dumps({"cmd": cmd, "id": self._last_id, **args}) + "\n")
            self.popen.stdin.flush()
        except (BrokenPipeError, OSError):
            return None
        return self._last_id

    def answer(self, wanted_id: int | None, timeout: float) -> dict[str, Any] | None:
        """The answer with that id (None: the ready line), or None once the time is up or
        the app has ended. Answers to other ids met on the way are passed over."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                answer = self._answers.get(timeout=left)
            except queue.Empty:
                return None
            if answer is None:
                return None
            if answer.get("id") == wanted_id:
                return answer
        return None

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            if line.startswith(REPLY_PREFIX):
                self._answers.put(json.loads(line[len(REPLY_PREFIX) :]))
        self._answers.put(None)
