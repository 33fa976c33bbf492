"""The choice values this app last saw confirmed, per account: the baseline for drift.

Choice ids and values only, like the pending-changes journal.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from app.local.atomic import SUBJECT_LAST_SEEN_CHOICES, write_atomically


class LastSeenChoices:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def get(self, account: str) -> dict[str, bool]:
        with self._lock:
            return dict(self._read().get(account, {}))

    def remember(self, account: str, values: dict[str, bool]) -> None:
        with self._lock:
            data = self._read()
            data[account] = dict(values)
            text = json.dumps({"version": 1, "accounts": data}, indent=2, sort_keys=True)
            write_atomically(
                self.path, (text + "\n").encode("utf-8"), subject=SUBJECT_LAST_SEEN_CHOICES
            )

    def _read(self) -> dict[str, dict[str, bool]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no baseline: the next sync starts a new one, nothing is lost
        accounts = raw.get("accounts") if isinstance(raw, dict) else None
        if not isinstance(accounts, dict):
            return {}
        return {
            str(account): {str(k): v for k, v in values.items() if isinstance(v, bool)}
            for account, values in accounts.items()
            if isinstance(values, dict)
        }
