"""The requests whose answer was lost: kept per account until the outcome is known, with
their idempotency key and a fingerprint of what was asked, never the text itself."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from app.local.paths import AppPaths
from app.local.pending_requests import (
    PendingRequests,
    intent_fingerprint,
    pending_requests_file,
)

ADA = "https://privacy.example user-ada"
BOB = "https://privacy.example user-bob"
CORRECTION: dict[str, object] = {
    "field": "username",
    "proposed_value": "Ada Lovelace",
    "reason": "My name is spelled wrong.",
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return pending_requests_file(AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "l"))


def test_an_intent_is_found_again_by_kind_and_the_same_details_after_a_restart(
    path: Path,
) -> None:
    print_ = intent_fingerprint(ADA, "correction", CORRECTION)
    PendingRequests(path).record(ADA, "correction", print_, "key-1")

    again = PendingRequests(path)
    found = again.find(ADA, "correction", intent_fingerprint(ADA, "correction", dict(CORRECTION)))

    assert found is not None and found.idempotency_key == "key-1"
    assert again.find(ADA, "access", print_) is None
    assert again.find(BOB, "correction", print_) is None
    other = intent_fingerprint(ADA, "correction", {**CORRECTION, "reason": "Typo."})
    assert again.find(ADA, "correction", other) is None


def test_recording_the_same_intent_twice_keeps_the_first_key(path: Path) -> None:
    store = PendingRequests(path)
    fingerprint = intent_fingerprint(ADA, "access", {})
    store.record(ADA, "access", fingerprint, "first")
    kept = store.record(ADA, "access", fingerprint, "second")

    assert kept.idempotency_key == "first"
    assert [entry.idempotency_key for entry in store.pending(ADA)] == ["first"]


def test_settling_forgets_only_that_intent_of_that_account(path: Path) -> None:
    store = PendingRequests(path)
    store.record(ADA, "access", intent_fingerprint(ADA, "access", {}), "a-1")
    store.record(ADA, "correction", intent_fingerprint(ADA, "correction", CORRECTION), "a-2")
    store.record(BOB, "access", intent_fingerprint(BOB, "access", {}), "b-1")

    store.settle(ADA, "a-1")
    store.settle(ADA, "no-such-key")

    assert [e.idempotency_key for e in PendingRequests(path).pending(ADA)] == ["a-2"]
    assert [e.idempotency_key for e in PendingRequests(path).pending(BOB)] == ["b-1"]
    store.forget_account(BOB)
    assert PendingRequests(path).pending(BOB) == ()


def test_the_file_holds_keys_and_fingerprints_but_no_personal_text(path: Path) -> None:
    PendingRequests(path).record(
        ADA, "correction", intent_fingerprint(ADA, "correction", CORRECTION), "key-1"
    )

    text = path.read_text(encoding="utf-8")
    assert "Ada Lovelace" not in text and "spelled" not in text
    (entry,) = json.loads(text)["accounts"][ADA]
    assert set(entry) == {"kind", "fingerprint", "idempotency_key", "since"}
    assert len(entry["fingerprint"]) == 64


def test_the_same_details_give_another_fingerprint_for_another_account() -> None:
    assert intent_fingerprint(ADA, "access", {}) != intent_fingerprint(BOB, "access", {})
    assert intent_fingerprint(ADA, "correction", CORRECTION) == intent_fingerprint(
        ADA, "correction", dict(reversed(list(CORRECTION.items())))
    )


def test_an_unreadable_file_is_kept_aside_not_thrown_away(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", encoding="utf-8")

    assert PendingRequests(path).pending(ADA) == ()
    assert path.with_suffix(".damaged.json").read_text(encoding="utf-8") == "{ not json"


def test_without_a_path_it_keeps_intents_in_memory_only(tmp_path: Path) -> None:
    store = PendingRequests(None)
    store.record(ADA, "access", "f", "key-1")
    assert [e.idempotency_key for e in store.pending(ADA)] == ["key-1"]
    store.settle(ADA, "key-1")
    assert store.pending(ADA) == ()
    assert list(tmp_path.iterdir()) == []


def test_two_stores_on_one_file_from_two_threads_lose_nothing(path: Path) -> None:
    """A dialog still finding out on a worker thread while a new one records its intent."""

    def record(prefix: str) -> None:
        store = PendingRequests(path)
        for number in range(20):
            key = f"{prefix}-{number}"
            store.record(ADA, "correction", key, key)

    threads = [threading.Thread(target=record, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(PendingRequests(path).pending(ADA)) == 40
