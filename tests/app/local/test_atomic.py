"""write_atomically: a failed write says why and leaves the previous file as it was.

These tests put a fault into one `os` call at a time, at each step of the write; the
real full disk and read-only folder are in test_full_disk.py, the killed process in
test_killed_mid_write.py.
"""

from __future__ import annotations

import errno
import os
import pickle
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.local import atomic
from app.local.atomic import LocalWriteFailed, reason_for, write_atomically

PREVIOUS = b'{"version": 1, "accounts": {}}\n'
NEW = b'{"version": 1, "accounts": {"a": {"X1": false}}}\n'


def _fault(number: int) -> OSError:
    return OSError(number, os.strerror(number))


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    path = tmp_path / "pending-changes.json"
    write_atomically(path, PREVIOUS)
    return path


def test_a_write_replaces_the_file_and_leaves_nothing_beside_it(previous: Path) -> None:
    write_atomically(previous, NEW)
    assert previous.read_bytes() == NEW
    assert _leftovers(previous.parent) == []


def test_a_write_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "data" / "evidence" / "log.jsonl"
    write_atomically(path, NEW)
    assert path.read_bytes() == NEW


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOSPC, atomic.DISK_FULL),
        (errno.EDQUOT, atomic.DISK_FULL),
        (errno.EFBIG, atomic.DISK_FULL),
        (errno.EROFS, atomic.READ_ONLY),
        (errno.EACCES, atomic.NOT_ALLOWED),
        (errno.EPERM, atomic.NOT_ALLOWED),
        (errno.EIO, atomic.OTHER),
    ],
)
def test_each_kind_of_failure_gets_its_reason(number: int, reason: str) -> None:
    assert reason_for(_fault(number)) == reason


class _FillsUp:
    """An open file on a disk that fills up after the first few bytes."""

    def __init__(self, handle: int, mode: str) -> None:
        self._file = _real_fdopen(handle, mode, buffering=0)

    def __enter__(self) -> _FillsUp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._file.close()

    def write(self, data: bytes) -> int:
        self._file.write(data[:8])
        raise _fault(errno.ENOSPC)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return self._file.fileno()


_real_fdopen = os.fdopen


def test_a_full_disk_while_writing_keeps_the_previous_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fdopen", _FillsUp)
    with pytest.raises(LocalWriteFailed) as caught:
        write_atomically(previous, NEW, subject=atomic.SUBJECT_CHOICE_CHANGE)
    monkeypatch.undo()
    assert caught.value.reason == atomic.DISK_FULL
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.path == previous
    assert caught.value.folder == previous.parent
    assert caught.value.subject == atomic.SUBJECT_CHOICE_CHANGE
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent) == []


def _fsync_failing(on_directory: bool, number: int) -> Callable[[int], None]:
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        if stat.S_ISDIR(os.fstat(handle).st_mode) == on_directory:
            raise _fault(number)
        real_fsync(handle)

    return fsync


def test_a_failed_fsync_of_the_new_content_keeps_the_previous_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", _fsync_failing(on_directory=False, number=errno.EIO))
    with pytest.raises(LocalWriteFailed) as caught:
        write_atomically(previous, NEW)
    assert caught.value.reason == atomic.OTHER
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent) == []


def test_a_failed_directory_sync_after_the_rename_puts_the_previous_file_back(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the rename the name already points at the new content; the previous file
    lives on only through the hard link made before, and that is what comes back."""
    inode = previous.stat().st_ino
    monkeypatch.setattr(os, "fsync", _fsync_failing(on_directory=True, number=errno.EIO))
    with pytest.raises(LocalWriteFailed):
        write_atomically(previous, NEW)
    assert previous.read_bytes() == PREVIOUS
    assert previous.stat().st_ino == inode, "the very same file, not a copy of it"
    assert previous.stat().st_nlink == 1
    assert _leftovers(previous.parent) == []


def test_a_failed_directory_sync_for_a_new_file_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    monkeypatch.setattr(os, "fsync", _fsync_failing(on_directory=True, number=errno.ENOSPC))
    with pytest.raises(LocalWriteFailed) as caught:
        write_atomically(path, NEW)
    assert caught.value.reason == atomic.DISK_FULL
    assert not path.exists()
    assert _leftovers(tmp_path) == []


def test_without_hard_links_a_failed_directory_sync_is_still_reported(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT stick has no hard links: nothing to put back, but the caller must know."""

    def no_links(_source: object, _target: object) -> None:
        raise _fault(errno.EPERM)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", _fsync_failing(on_directory=True, number=errno.EIO))
    with pytest.raises(LocalWriteFailed):
        write_atomically(previous, NEW)
    assert previous.read_bytes() == NEW
    assert _leftovers(previous.parent) == []


def test_without_hard_links_a_write_still_works(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_source: object, _target: object) -> None:
        raise _fault(errno.ENOTSUP)

    monkeypatch.setattr(os, "link", no_links)
    write_atomically(previous, NEW)
    assert previous.read_bytes() == NEW


def test_a_full_disk_while_keeping_the_previous_file_keeps_it(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def link(_source: object, _target: object) -> None:
        raise _fault(errno.ENOSPC)

    monkeypatch.setattr(os, "link", link)
    with pytest.raises(LocalWriteFailed) as caught:
        write_atomically(previous, NEW)
    assert caught.value.reason == atomic.DISK_FULL
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent) == []


def test_a_failed_rename_keeps_the_previous_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def replace(_source: object, _target: object) -> None:
        raise _fault(errno.EACCES)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(LocalWriteFailed) as caught:
        write_atomically(previous, NEW)
    monkeypatch.undo()
    assert caught.value.reason == atomic.NOT_ALLOWED
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent) == []


@pytest.mark.parametrize(
    ("number", "reason"), [(errno.EROFS, atomic.READ_ONLY), (errno.EACCES, atomic.NOT_ALLOWED)]
)
def test_a_folder_that_takes_no_new_file_keeps_the_previous_file(
    previous: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str
) -> None:
    def mkstemp(**_kwargs: object) -> tuple[int, str]:
        raise _fault(number)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    with pytest.raises(LocalWriteFailed) as caught:
        write_atomically(previous, NEW, subject=atomic.SUBJECT_SETTINGS)
    assert caught.value.reason == reason
    assert caught.value.subject == atomic.SUBJECT_SETTINGS
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent) == []


def test_an_interrupted_write_removes_its_temporary_file_and_is_not_relabelled(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(_handle: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(previous, NEW)
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent) == []


def test_leftovers_of_a_killed_run_are_cleared_once_abandoned(previous: Path) -> None:
    folder = previous.parent
    stale = folder / f".{previous.name}.abc123.tmp"
    fresh = folder / f".{previous.name}.def456.tmp"
    other = folder / ".settings.json.abc123.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"half")
    hours_ago = time.time() - 2 * atomic.STALE_AFTER_SECONDS
    os.utime(stale, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    write_atomically(previous, NEW)
    assert not stale.exists()
    assert fresh.exists(), "may still be another writer's"
    assert other.exists(), "another file's leftovers are left to that file's writes"


def test_the_error_is_an_os_error_that_survives_pickling(previous: Path) -> None:
    error = LocalWriteFailed.from_os_error(previous, _fault(errno.ENOSPC), atomic.SUBJECT_EVIDENCE)
    assert isinstance(error, OSError)
    assert error.errno == errno.ENOSPC
    assert error.filename == str(previous)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, copy.subject, copy.errno) == (
        previous,
        atomic.DISK_FULL,
        atomic.SUBJECT_EVIDENCE,
        errno.ENOSPC,
    )
