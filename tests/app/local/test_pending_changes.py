from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from app.local.pending_changes import PendingChangesJournal

ACCOUNT = "https://privacy.example.org 0123abcd"


def test_an_intent_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "pending.json"
    PendingChangesJournal(path).record(ACCOUNT, "X1", False)
    assert PendingChangesJournal(path).pending(ACCOUNT) == {"X1": False}


def test_the_latest_intent_wins_and_dropping_it_clears_it(tmp_path: Path) -> None:
    journal = PendingChangesJournal(tmp_path / "pending.json")
    journal.record(ACCOUNT, "X2", False)
    journal.record(ACCOUNT, "X2", True)
    assert journal.pending(ACCOUNT) == {"X2": True}
    journal.drop(ACCOUNT, "X2")
    assert journal.pending(ACCOUNT) == {}


def test_the_journal_holds_choice_ids_and_values_only(tmp_path: Path) -> None:
    path = tmp_path / "pending.json"
    journal = PendingChangesJournal(path)
    journal.record(ACCOUNT, "X3", False)
    saved = json.loads(path.read_text())
    assert saved == {"version": 1, "accounts": {ACCOUNT: {"X3": False}}}


def test_accounts_are_kept_apart(tmp_path: Path) -> None:
    journal = PendingChangesJournal(tmp_path / "pending.json")
    journal.record(ACCOUNT, "X1", False)
    journal.record("https://other.example 99", "X1", True)
    journal.forget_account(ACCOUNT)
    assert journal.pending(ACCOUNT) == {}
    assert journal.pending("https://other.example 99") == {"X1": True}


def test_a_damaged_file_is_kept_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "pending.json"
    path.write_text("{ this is not json")
    journal = PendingChangesJournal(path)
    assert journal.pending(ACCOUNT) == {}
    assert (tmp_path / "pending.damaged.json").read_text() == "{ this is not json"


def test_a_full_disk_leaves_the_previous_journal_intact(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pending.json"
    journal = PendingChangesJournal(path)
    journal.record(ACCOUNT, "X1", False)
    before = path.read_bytes()

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.local.atomic.os.fsync", no_space)
    try:
        journal.record(ACCOUNT, "X2", False)
    except OSError as error:
        assert error.errno == 28
    else:
        raise AssertionError("a failed write must be reported")
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "no temp file left"


def test_a_second_damaged_file_does_not_replace_the_first_kept_copy(tmp_path: Path) -> None:
    path = tmp_path / "pending.json"
    path.write_text("{ first")
    PendingChangesJournal(path).record(ACCOUNT, "X1", True)
    path.write_text("{ second")
    PendingChangesJournal(path).record(ACCOUNT, "X2", True)
    assert (tmp_path / "pending.damaged.json").read_text() == "{ first"
    assert (tmp_path / "pending.damaged-2.json").read_text() == "{ second"
    assert PendingChangesJournal(path).pending(ACCOUNT) == {"X2": True}


def test_a_journal_that_cannot_be_read_is_not_mistaken_for_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pending.json"
    journal = PendingChangesJournal(path)
    journal.record(ACCOUNT, "X1", False)
    before = path.read_bytes()

    def unreadable(_self: Path) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(OSError):
        journal.record(ACCOUNT, "X2", True)
    monkeypatch.undo()
    assert path.read_bytes() == before, "neither set aside nor written over"
    assert not list(tmp_path.glob("*.damaged*"))
