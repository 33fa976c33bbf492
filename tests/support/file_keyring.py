"""A keyring backend that keeps its entries in a JSON file. FOR TESTS ONLY.

It stores secrets in plain text: never use it outside the test suite. The end-to-end
fault suite starts the real app as separate processes; they share this "keyring" across
restarts through the file named by ``PRIVACY_DESK_TEST_KEYRING_FILE``. Select it with
``PYTHON_KEYRING_BACKEND=tests.support.file_keyring.FileKeyring``.

Every write replaces the file atomically under an exclusive lock, so a process killed in
the middle of a write leaves the previous entries intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend

ENV_VAR = "PRIVACY_DESK_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        chosen = path if path is not None else os.environ.get(ENV_VAR)
        if not chosen:
            raise keyring.errors.InitError(f"{ENV_VAR} is not set")
        self.path = Path(chosen)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _write(self, entries: dict[str, str]) -> None:
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(entries, file, indent=1, sort_keys=True)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)

    @staticmethod
    def _key(service: str, username: str) -> str:
        return json.dumps([service, username])

    def get_password(self, service: str, username: str) -> str | None:
        with self._locked():
            return self._read().get(self._key(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._locked():
            entries = self._read()
            entries[self._key(service, username)] = password
            self._write(entries)

    def delete_password(self, service: str, username: str) -> None:
        with self._locked():
            entries = self._read()
            if entries.pop(self._key(service, username), None) is None:
                raise keyring.errors.PasswordDeleteError("not found")
            self._write(entries)
