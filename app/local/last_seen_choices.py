"""The choice values this app last saw confirmed, per account: the baseline for drift.

Choice ids and values only, like the pending-changes journal. The baseline moves only
with what the user has seen: their own confirmed changes, and a change made elsewhere once
it was pointed out to them (`mark_seen`), never merely because the app read the service.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path

from app.local.atomic import SUBJECT_LAST_SEEN_CHOICES, write_atomically

# One lock per file: every page makes its own LastSeenChoices, and a read-modify-write by
# one must not undo another's.
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(path, threading.Lock())


class LastSeenChoices:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = _lock_for(path)

    def get(self, account: str) -> dict[str, bool]:
        with self._lock:
            return dict(self._read().get(account, {}))

    def remember(self, account: str, values: dict[str, bool]) -> None:
        """The whole baseline: on the first sync, or when nothing differs from it."""
        with self._lock:
            data = self._read()
            data[account] = dict(values)
            self._write(data)

    def mark_seen(
        self, account: str, seen: Mapping[str, bool], everything: Mapping[str, bool]
    ) -> None:
        """`seen` (the user's own confirmed change, or a change pointed out to them) joins
        the baseline; nothing else in it moves. With no baseline yet, `everything` is it."""
        with self._lock:
            data = self._read()
            current = data.get(account)
            data[account] = {**current, **seen} if current else dict(everything)
            self._write(data)

    def _write(self, data: dict[str, dict[str, bool]]) -> None:
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
