"""The notices' baseline on disk, per account: what was seen and which notices were shown.

Request ids, statuses and dates, choice ids and values: no personal data. Written
atomically; a missing or damaged file is a fresh baseline (the next reading is silent).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from app.local.atomic import write_atomically
from app.notify.events import Baseline


class NoticeBaselines:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def get(self, account: str) -> Baseline:
        with self._lock:
            return Baseline.from_json(self._read().get(account))

    def put(self, account: str, baseline: Baseline) -> None:
        with self._lock:
            data = self._read()
            data[account] = baseline.as_json()
            text = json.dumps({"version": 1, "accounts": data}, indent=2, sort_keys=True)
            write_atomically(self.path, (text + "\n").encode("utf-8"))

    def _read(self) -> dict[str, object]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        accounts = raw.get("accounts") if isinstance(raw, dict) else None
        return dict(accounts) if isinstance(accounts, dict) else {}
