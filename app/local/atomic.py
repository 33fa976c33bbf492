"""Write a file so that a crash leaves either the old or the new content, never half.

A write that fails (a full disk, a read-only folder, a folder the app may not write in)
raises `LocalWriteFailed` and leaves the previous file exactly as it was, byte for byte,
with no temporary file beside it: the caller can tell the user what was not saved and
that nothing older was lost.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import time
from pathlib import Path

# Why a write could not be done, for the sentence the user reads.
DISK_FULL = "disk_full"
READ_ONLY = "read_only"
NOT_ALLOWED = "not_allowed"
OTHER = "other"

# What the write was for, so the sentence can say what was not saved.
SUBJECT_FILE = "file"
SUBJECT_CHOICE_CHANGE = "choice_change"
SUBJECT_EVIDENCE = "evidence"
SUBJECT_SETTINGS = "settings"
SUBJECT_LAST_SEEN_CHOICES = "last_seen_choices"

_REASONS = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EFBIG: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: NOT_ALLOWED,
    errno.EPERM: NOT_ALLOWED,
}

# os.link fails with these where the file system has no hard links (FAT on a USB stick).
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}

# Leftovers of a run that was killed mid-write; older than this nobody is still writing them.
STALE_AFTER_SECONDS = 3600.0


class LocalWriteFailed(OSError):
    """A file could not be written on this computer; the previous one is untouched."""

    def __init__(
        self, path: Path, reason: str, cause: OSError | None, subject: str = SUBJECT_FILE
    ) -> None:
        number = cause.errno if cause is not None else None
        text = (cause.strerror if cause is not None else None) or reason
        super().__init__(number, text, str(path))
        self.path = path
        self.reason = reason  # DISK_FULL | READ_ONLY | NOT_ALLOWED | OTHER
        self.subject = subject  # SUBJECT_*

    @classmethod
    def from_os_error(
        cls, path: Path, error: OSError, subject: str = SUBJECT_FILE
    ) -> LocalWriteFailed:
        if isinstance(error, LocalWriteFailed):
            return error
        return cls(path, reason_for(error), error, subject)

    @property
    def folder(self) -> Path:
        """The folder the app tried to write in: what the user must free or make writable."""
        return self.path.parent

    def __reduce__(self) -> tuple[object, ...]:
        cause = OSError(self.errno, self.strerror) if self.errno is not None else None
        return (type(self), (self.path, self.reason, cause, self.subject))


def reason_for(error: OSError) -> str:
    return _REASONS.get(error.errno or 0, OTHER)


def write_atomically(path: Path, data: bytes, *, subject: str = SUBJECT_FILE) -> None:
    """Write `data` to `path` through a temporary file, fsync and rename.

    Raises `LocalWriteFailed` on any failure, after removing its temporary file. The
    previous file is never written to. A directory sync that fails after the rename
    (the rename may then not survive a power cut) is a failure too: by then the name
    already points at the new content and the previous file's only name is a hard link
    made beforehand, so that link is renamed back. Only on a file system without hard
    links is that undo impossible; the new content then stays and the error is raised.
    """
    import tempfile  # here, not at the top: reading settings is on the path to the first paint

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_leftovers(path)
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise LocalWriteFailed.from_os_error(path, error, subject) from error
    temp = Path(temp_name)
    syncs_directory = hasattr(os, "O_DIRECTORY")  # POSIX; Windows has no directory sync
    previous = _Previous(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if syncs_directory:
            previous.keep()
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        previous.release()
        if isinstance(error, OSError):
            raise LocalWriteFailed.from_os_error(path, error, subject) from error
        raise
    if not syncs_directory:
        return
    try:
        sync_directory(path.parent)
    except BaseException as error:
        previous.put_back()
        if isinstance(error, OSError):
            raise LocalWriteFailed.from_os_error(path, error, subject) from error
        raise
    previous.release()


class _Previous:
    """The file being replaced, held by a second name until the replacement is durable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.backup: Path | None = None
        self.existed = True

    def keep(self) -> None:
        backup = self.path.with_name(f".{self.path.name}.{os.urandom(6).hex()}.previous.tmp")
        try:
            os.link(self.path, backup)
        except FileNotFoundError:
            self.existed = False
            return
        except OSError as error:
            if error.errno in _NO_HARD_LINKS:
                return  # nothing to put back later; see write_atomically
            raise
        self.backup = backup

    def put_back(self) -> None:
        """Best effort: the previous file back under its name, or no file if there was none."""
        with contextlib.suppress(OSError):
            if self.backup is not None:
                os.replace(self.backup, self.path)
                self.backup = None
            elif not self.existed:
                self.path.unlink()
            sync_directory(self.path.parent)

    def release(self) -> None:
        if self.backup is not None:
            with contextlib.suppress(OSError):  # a stray link is harmless and cleared later
                self.backup.unlink()
            self.backup = None


def sync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable (POSIX)."""
    handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_stale_leftovers(path: Path) -> None:
    """Temporary files a killed run left beside `path`, once they are surely abandoned."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    with contextlib.suppress(OSError):  # tidying only: never a reason not to write
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
