"""PendingChangesJournal: choice changes the service has not confirmed yet.

Written (atomically) before a change is sent and settled when the service confirms it,
so a change survives a lost network, a crash or a restart. It holds choice ids and
values only, keyed by the account's keyring name (service address + opaque user id).

A change that cannot be written (a full disk, a read-only folder) raises
`LocalWriteFailed` from `record`, and the journal on disk still holds exactly what it held
before. The choice-sync engine then drops any older entry for that choice before the change
goes on, and the card says the change would not survive a restart.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from app.local.atomic import SUBJECT_CHOICE_CHANGE, LocalWriteFailed, write_atomically

FORMAT_VERSION = 1


class PendingChangesJournal:
    """Thread-safe: the GUI records intents through tasks; workers settle them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def pending(self, account: str) -> dict[str, bool]:
        with self._lock:
            return dict(self._read(writing=False).get(account, {}))

    def record(self, account: str, choice_id: str, value: bool) -> None:
        """The user's latest intent for this choice replaces any earlier one."""
        with self._lock:
            data = self._read(writing=True)
            data.setdefault(account, {})[choice_id] = value
            self._write(data)

    def drop(self, account: str, choice_id: str) -> None:
        """Forget the choice's intent: the service confirmed it, or refused it for good.

        The choice-sync engine orders this after the entry of any newer intent, so what it
        removes is never newer than what was settled (app/flows/choices.py: Settle)."""
        with self._lock:
            data = self._read(writing=True)
            if data.get(account, {}).pop(choice_id, None) is not None:
                if not data[account]:
                    del data[account]
                self._write(data)

    def forget_account(self, account: str) -> None:
        with self._lock:
            data = self._read(writing=True)
            if data.pop(account, None) is not None:
                self._write(data)

    def _read(self, *, writing: bool) -> dict[str, dict[str, bool]]:
        """A file that is not a journal is set aside, never written over.

        A file that cannot be read at all (no permission, an I/O error) raises: it is not
        damaged, and treating it as empty would lose the intents in it.
        """
        try:
            text = self.path.read_bytes().decode("utf-8")
            raw = json.loads(text)
        except FileNotFoundError:
            return {}
        except ValueError:  # not UTF-8, not JSON
            self._keep_damaged_copy(writing=writing)
            return {}
        accounts = raw.get("accounts") if isinstance(raw, dict) else None
        if not isinstance(accounts, dict):
            self._keep_damaged_copy(writing=writing)
            return {}
        return {
            str(account): {
                str(choice): value for choice, value in intents.items() if isinstance(value, bool)
            }
            for account, intents in accounts.items()
            if isinstance(intents, dict)
        }

    def _write(self, data: dict[str, dict[str, bool]]) -> None:
        text = json.dumps({"version": FORMAT_VERSION, "accounts": data}, indent=2, sort_keys=True)
        write_atomically(self.path, (text + "\n").encode("utf-8"), subject=SUBJECT_CHOICE_CHANGE)

    def _keep_damaged_copy(self, *, writing: bool) -> None:
        """Never silently throw away what the user did: keep the unreadable file beside it.

        Reading may go on without it (the damaged file stays where it is); writing may not,
        because the write would replace the damaged file.
        """
        aside = self.path.with_suffix(".damaged.json")
        counter = 1
        while aside.exists():  # an earlier damaged copy is kept too
            counter += 1
            aside = self.path.with_suffix(f".damaged-{counter}.json")
        try:
            self.path.rename(aside)
        except FileNotFoundError:
            return
        except OSError as error:
            if writing:
                raise LocalWriteFailed.from_os_error(aside, error, SUBJECT_CHOICE_CHANGE) from error
