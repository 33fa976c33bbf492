"""A full disk or a read-only folder: the user reads why, and the files keep what they had.

The disk is real: a tmpfs of a few pages mounted for the test (filled up, or remounted
read-only), and a process whose file-size limit (RLIMIT_FSIZE) is below the next file.
Mounting needs root or CAP_SYS_ADMIN, which CI and this sandbox have; where it is not
allowed, `SmallDisk` falls back to putting the same fault into the `os` calls (each test
records which it used in its user properties, see `pytest -rA --junitxml`).
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.local import atomic
from app.local.atomic import LocalWriteFailed
from app.local.evidence_store import EvidenceStore
from app.local.last_seen_choices import LastSeenChoices
from app.local.pending_changes import PendingChangesJournal
from app.local.settings import AppSettings, SettingsFile
from app.ui.messages import describe_failure, describe_local_write_problem

ACCOUNT = "https://privacy.example.org 0123abcd"
REPO = Path(__file__).resolve().parents[3]
PAGE = 4096


def _run(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:  # no mount command at all
        return False


class SmallDisk:
    """A 64 KiB disk at `root` that can be filled up or made read-only."""

    SIZE = 64 * 1024

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self._monkeypatch = monkeypatch
        self.mounted = _run("mount", "-t", "tmpfs", "-o", f"size={self.SIZE}", "tmpfs", str(root))
        self.technique = "tmpfs mount" if self.mounted else "os fault"
        self.filler = root / "filler"

    def fill(self, leave: int = 0) -> None:
        """Take all free space but `leave` bytes (a whole number of pages)."""
        if not self.mounted:
            self._monkeypatch.setattr(os, "fdopen", _fills_up_after(leave))
            return
        handle = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while True:
                os.write(handle, b"\0" * PAGE)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(handle)
        if leave:
            os.truncate(self.filler, self.filler.stat().st_size - leave)

    def free(self) -> None:
        if self.mounted:
            self.filler.unlink()
        else:
            self._monkeypatch.undo()

    def make_read_only(self) -> None:
        if self.mounted:
            assert _run("mount", "-o", "remount,ro", str(self.root))
            return

        def read_only(*_args: object, **_kwargs: object) -> Any:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        self._monkeypatch.setattr(tempfile, "mkstemp", read_only)
        self._monkeypatch.setattr(Path, "rename", read_only)
        self._monkeypatch.setattr(Path, "replace", read_only)

    def unmount(self) -> None:
        if self.mounted and not _run("umount", str(self.root)):
            _run("umount", "-l", str(self.root))


def _fills_up_after(room: int) -> Any:
    real_fdopen = os.fdopen

    class FillsUp:
        def __init__(self, handle: int, mode: str) -> None:
            self._file = real_fdopen(handle, mode, buffering=0)

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *_exc: object) -> None:
            self._file.close()

        def write(self, data: bytes) -> int:
            self._file.write(data[:room])
            if len(data) > room:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return len(data)

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return self._file.fileno()

    return FillsUp


@pytest.fixture
def disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[SmallDisk]:
    root = tmp_path / "disk"
    root.mkdir()
    small = SmallDisk(root, monkeypatch)
    request.node.user_properties.append(("technique", small.technique))
    try:
        yield small
    finally:
        small.unmount()


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.rglob("*") if path.name.endswith(".tmp"))


def _acknowledge(store: EvidenceStore, number: int) -> None:
    store.add_acknowledgement(
        f"request-{number:04d}",
        "access",
        "received",
        "2026-11-01T10:00:00+00:00",
        "2026-12-01T10:00:00+00:00",
    )


def test_a_change_made_on_a_full_disk_is_refused_and_the_journal_keeps_what_it_had(
    disk: SmallDisk,
) -> None:
    journal = PendingChangesJournal(disk.root / "pending-changes.json")
    journal.record(ACCOUNT, "X1", False)
    before = journal.path.read_bytes()
    disk.fill()

    with pytest.raises(LocalWriteFailed) as caught:
        journal.record(ACCOUNT, "X2", True)

    assert caught.value.reason == atomic.DISK_FULL
    assert caught.value.errno == errno.ENOSPC
    assert journal.path.read_bytes() == before
    assert _leftovers(disk.root) == []
    assert PendingChangesJournal(journal.path).pending(ACCOUNT) == {"X1": False}
    sentence = describe_failure(caught.value)
    assert "is full" in sentence
    assert "Your privacy choice change was not saved" in sentence
    assert "Nothing saved earlier was lost." in sentence
    assert str(disk.root) in sentence

    disk.free()
    journal.record(ACCOUNT, "X2", True)
    assert journal.pending(ACCOUNT) == {"X1": False, "X2": True}


def test_an_evidence_entry_that_does_not_fit_leaves_the_chain_on_disk_intact(
    disk: SmallDisk,
) -> None:
    store = EvidenceStore(disk.root / "evidence" / "0123abcd.jsonl")
    for number in range(30):
        _acknowledge(store, number)
    before = store.path.read_bytes()
    assert len(before) > 2 * PAGE, "the new log is torn off part-way, not refused up front"
    disk.fill(leave=PAGE)

    with pytest.raises(LocalWriteFailed) as caught:
        _acknowledge(store, 30)

    assert caught.value.reason == atomic.DISK_FULL
    assert store.path.read_bytes() == before
    assert _leftovers(disk.root) == []
    assert store.check_chain().intact
    assert len(store.entries()) == 30
    assert "The service's latest confirmation was not added to your evidence log." in (
        describe_failure(caught.value)
    )


def test_a_read_only_folder_keeps_every_file_and_names_the_folder(disk: SmallDisk) -> None:
    journal = PendingChangesJournal(disk.root / "pending-changes.json")
    journal.record(ACCOUNT, "X1", False)
    store = EvidenceStore(disk.root / "evidence.jsonl")
    _acknowledge(store, 0)
    settings = SettingsFile(disk.root / "settings.json")
    settings.save(AppSettings())
    last_seen = LastSeenChoices(disk.root / "last-seen-choices.json")
    last_seen.remember(ACCOUNT, {"X1": True})
    files = (journal.path, store.path, settings.path, last_seen.path)
    before = {path: path.read_bytes() for path in files}
    disk.make_read_only()

    attempts: dict[str, Callable[[], object]] = {
        atomic.SUBJECT_CHOICE_CHANGE: lambda: journal.record(ACCOUNT, "X2", True),
        atomic.SUBJECT_EVIDENCE: lambda: _acknowledge(store, 1),
        atomic.SUBJECT_SETTINGS: lambda: settings.save(AppSettings(theme="dark")),
        atomic.SUBJECT_LAST_SEEN_CHOICES: lambda: last_seen.remember(ACCOUNT, {"X1": False}),
    }
    for subject, attempt in attempts.items():
        with pytest.raises(LocalWriteFailed) as caught:
            attempt()
        assert caught.value.reason == atomic.READ_ONLY, subject
        assert caught.value.subject == subject
        sentence = describe_failure(caught.value)
        assert f"The folder {disk.root} is read-only." in sentence
        assert "Nothing saved earlier was lost." in sentence

    assert {path: path.read_bytes() for path in files} == before
    assert _leftovers(disk.root) == []
    assert store.check_chain().intact


def test_a_damaged_journal_in_a_read_only_folder_is_not_written_over(disk: SmallDisk) -> None:
    path = disk.root / "pending-changes.json"
    path.write_text("{ half a journal")
    disk.make_read_only()
    journal = PendingChangesJournal(path)

    assert journal.pending(ACCOUNT) == {}, "reading goes on without the damaged file"
    with pytest.raises(LocalWriteFailed) as caught:
        journal.record(ACCOUNT, "X1", True)

    assert caught.value.reason == atomic.READ_ONLY
    assert path.read_text() == "{ half a journal"


CHILD_WITH_SMALL_FILE_LIMIT = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    from app.local.atomic import LocalWriteFailed
    from app.local.evidence_store import EvidenceStore
    from app.local.pending_changes import PendingChangesJournal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit: EFBIG, not a kill
    journal = PendingChangesJournal(Path(sys.argv[1]))
    store = EvidenceStore(Path(sys.argv[2]))
    found = {}
    for name, path, attempt in (
        ("journal", journal.path, lambda: journal.record(sys.argv[3], "X" * 64, True)),
        ("evidence", store.path, lambda: store.add_acknowledgement("r", "access", "a", "b", "c")),
    ):
        # The previous file would fit again; the next one, a little larger, does not.
        room = path.stat().st_size + 16
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))
        try:
            attempt()
        except LocalWriteFailed as error:
            found[name] = {"reason": error.reason, "errno": error.errno}
    print(json.dumps(found))
    """
)


def test_a_file_bigger_than_the_process_may_write_is_refused_like_a_full_disk(
    tmp_path: Path,
) -> None:
    journal = PendingChangesJournal(tmp_path / "pending-changes.json")
    journal.record(ACCOUNT, "X1", False)
    store = EvidenceStore(tmp_path / "evidence.jsonl")
    _acknowledge(store, 0)
    before = {path: path.read_bytes() for path in (journal.path, store.path)}

    child = subprocess.run(
        [sys.executable, "-c", CHILD_WITH_SMALL_FILE_LIMIT, *map(str, before), ACCOUNT],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert child.returncode == 0, child.stderr
    expected = {"reason": atomic.DISK_FULL, "errno": errno.EFBIG}
    assert json.loads(child.stdout) == {"journal": expected, "evidence": expected}
    assert {path: path.read_bytes() for path in before} == before
    assert _leftovers(tmp_path) == []
    assert store.check_chain().intact


def test_a_folder_the_app_may_not_write_in_is_named_with_what_to_do(tmp_path: Path) -> None:
    # As root no folder refuses a write, so this one error is made by hand.
    error = LocalWriteFailed(
        tmp_path / "settings.json",
        atomic.NOT_ALLOWED,
        OSError(errno.EACCES, os.strerror(errno.EACCES)),
        atomic.SUBJECT_SETTINGS,
    )
    sentence = describe_local_write_problem(error)
    assert f"Privacy Desk is not allowed to write in the folder {tmp_path}." in sentence
    assert "Your settings were not saved." in sentence
    assert "Nothing saved earlier was lost." in sentence
    assert sentence == describe_failure(error)
