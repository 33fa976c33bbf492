"""PendingRequests: requests the app sent but never heard back about.

When the answer to filing a request is lost, the service may have filed it or not. Until
the app finds out, the idempotency key stays tied to what the user asked for, so asking
again (from the same dialog, a new one, or after a restart) sends the same key and the
service answers with the request it already filed instead of filing a second one.

Each entry holds the request kind, the key and a fingerprint of the details, never the
details themselves: a correction's proposed value and reason are personal text and stay
out of the file. Entries are keyed by the account's keyring name (service address + opaque
user id), like the pending-changes journal, and written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.local.atomic import write_atomically
from app.local.paths import AppPaths

FORMAT_VERSION = 1
FILE_NAME = "pending-requests.json"

# One lock per file, shared by every store object on it: the dialog that lost an answer
# may still be finding out on a worker thread while a new dialog already reads the file.
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def pending_requests_file(paths: AppPaths) -> Path:
    return paths.data_dir / FILE_NAME


def intent_fingerprint(account: str, kind: str, details: dict[str, object]) -> str:
    """Which request the user asked for, as a SHA-256: equal details give equal prints.

    The account and kind are hashed in, so the same text gives a different print for
    another account (the file cannot be matched against a list of guesses made once).
    """
    canonical = json.dumps([account, kind, details], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PendingRequest:
    kind: str  # RequestKind value
    fingerprint: str  # intent_fingerprint of the details
    idempotency_key: str
    since: str  # when it was first sent, ISO 8601 in UTC

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "fingerprint": self.fingerprint,
            "idempotency_key": self.idempotency_key,
            "since": self.since,
        }


class PendingRequests:
    """Thread-safe. `path=None` keeps the entries in memory only (nothing on disk)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: dict[str, list[PendingRequest]] = {}
        if path is None:
            self._lock = threading.Lock()
        else:
            with _LOCKS_GUARD:
                self._lock = _LOCKS.setdefault(path.resolve(), threading.Lock())

    def pending(self, account: str) -> tuple[PendingRequest, ...]:
        with self._lock:
            return tuple(self._read().get(account, ()))

    def find(self, account: str, kind: str, fingerprint: str) -> PendingRequest | None:
        """The unresolved intent for exactly this request, if there is one."""
        for entry in self.pending(account):
            if entry.kind == kind and entry.fingerprint == fingerprint:
                return entry
        return None

    def record(
        self, account: str, kind: str, fingerprint: str, idempotency_key: str
    ) -> PendingRequest:
        """Remember an intent before it is sent; an existing one for these details wins."""
        with self._lock:
            data = self._read()
            entries = data.setdefault(account, [])
            for entry in entries:
                if entry.kind == kind and entry.fingerprint == fingerprint:
                    return entry
            entry = PendingRequest(
                kind=kind,
                fingerprint=fingerprint,
                idempotency_key=idempotency_key,
                since=datetime.now(UTC).isoformat(timespec="seconds"),
            )
            entries.append(entry)
            self._write(data)
            return entry

    def settle(self, account: str, idempotency_key: str) -> None:
        """The outcome is known (filed, or refused by the service): forget the intent."""
        with self._lock:
            data = self._read()
            entries = data.get(account, [])
            kept = [entry for entry in entries if entry.idempotency_key != idempotency_key]
            if len(kept) == len(entries):
                return
            if kept:
                data[account] = kept
            else:
                data.pop(account, None)
            self._write(data)

    def forget_account(self, account: str) -> None:
        with self._lock:
            data = self._read()
            if data.pop(account, None) is not None:
                self._write(data)

    # -- the file -------------------------------------------------------------------------

    def _read(self) -> dict[str, list[PendingRequest]]:
        if self.path is None:
            return {account: list(entries) for account, entries in self._memory.items()}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self._keep_damaged_copy()
            return {}
        accounts = raw.get("accounts") if isinstance(raw, dict) else None
        if not isinstance(accounts, dict):
            self._keep_damaged_copy()
            return {}
        data: dict[str, list[PendingRequest]] = {}
        for account, entries in accounts.items():
            if not isinstance(entries, list):
                continue
            parsed = [entry for item in entries if (entry := _entry(item)) is not None]
            if parsed:
                data[str(account)] = parsed
        return data

    def _write(self, data: dict[str, list[PendingRequest]]) -> None:
        if self.path is None:
            self._memory = {account: list(entries) for account, entries in data.items()}
            return
        accounts = {
            account: [entry.as_json() for entry in entries]
            for account, entries in data.items()
            if entries
        }
        text = json.dumps(
            {"version": FORMAT_VERSION, "accounts": accounts}, indent=2, sort_keys=True
        )
        write_atomically(self.path, (text + "\n").encode("utf-8"))

    def _keep_damaged_copy(self) -> None:
        # An unreadable file is kept beside it: it may hold the only key of a lost answer.
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_suffix(".damaged.json"))


def _entry(item: object) -> PendingRequest | None:
    if not isinstance(item, dict):
        return None
    fields = ("kind", "fingerprint", "idempotency_key", "since")
    if not all(isinstance(item.get(name), str) and item.get(name) for name in fields):
        return None
    return PendingRequest(
        kind=item["kind"],
        fingerprint=item["fingerprint"],
        idempotency_key=item["idempotency_key"],
        since=item["since"],
    )
