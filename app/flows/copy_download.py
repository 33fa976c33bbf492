"""Download-then-verify of an access copy: the bytes (resumed after a dropped connection,
checked against the SHA-256 the service announced, app/api/download.py), then every file
in the ZIP against the copy's manifest. Only a copy that passed both is "Verified".

Progress crosses threads through a `TransferGauge` (two integers behind a lock) that the
screen reads a few times a second; Stop is a `threading.Event` checked between chunks.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from app.api.download import DEFAULT_CHUNK_SIZE, DownloadResult, download_export
from app.auth.session import AuthSession
from app.core.requests import PrivacyRequest
from app.local.access_copy import AccessCopy, FileCheck

# The download layer's default (1 MiB): the most one read hands over. Each read returns what
# the connection has ready, so a slow link still moves the gauge (and sees Stop) piece by
# piece, and what arrived before a drop is kept; a fast one is not slowed by small pieces.
CHUNK_BYTES = DEFAULT_CHUNK_SIZE


class TransferGauge:
    """Bytes done and total, written by the download's thread, read by the GUI's timer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self._done, self._total = done, total

    def read(self) -> tuple[int, int]:
        with self._lock:
            return self._done, self._total


@dataclass(frozen=True)
class VerifiedCopy:
    download: DownloadResult
    checks: list[FileCheck]

    @property
    def mismatched(self) -> list[str]:
        return [check.path for check in self.checks if not check.ok]


def copy_file_name(request: PrivacyRequest) -> str:
    """Stable per request, so a stopped download resumes into the same `.part`."""
    return f"privacy-desk-copy-{request.received_at:%Y-%m-%d}-{request.id[:8]}.zip"


def download_and_verify(
    session: AuthSession,
    request_id: str,
    target: Path,
    gauge: TransferGauge,
    stop: threading.Event,
    chunk_size: int = CHUNK_BYTES,
) -> VerifiedCopy:
    """Blocking: call on a worker. Raises DownloadCancelled when `stop` was set (the
    `.part` is kept), ServiceError, CopyUnreadable or OSError otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    result = download_export(
        session.client,
        lambda: session.call(lambda token: token),
        request_id,
        target,
        progress=gauge.update,
        cancelled=stop.is_set,
        chunk_size=chunk_size,
    )
    return VerifiedCopy(result, AccessCopy.open(result.path).verify())


def move_copy(source: Path, chosen: Path) -> Path:
    """Save as…: the verified copy moves to where the user chose."""
    chosen.parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.move(str(source), str(chosen)))
