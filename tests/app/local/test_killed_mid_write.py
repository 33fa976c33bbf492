"""Killing the app in the middle of a sync loses nothing.

A child process journals choice changes and keeps an evidence entry for each, as fast as
it can, and is killed with SIGKILL at a random moment (seeded, so a failure repeats).
After every kill both files must read, the journal must hold the state before or after
the last change that was under way (never a mix), and the evidence chain must verify.
The next child carries on from where the files say the last one got.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.local.evidence_store import EvidenceStore
from app.local.pending_changes import PendingChangesJournal

REPO = Path(__file__).resolve().parents[3]
KILLS = 30
SEED = 20261101

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.local.evidence_store import EvidenceStore
    from app.local.pending_changes import PendingChangesJournal
    from tests.app.local.test_killed_mid_write import change

    journal = PendingChangesJournal(Path(sys.argv[1]))
    store = EvidenceStore(Path(sys.argv[2]))
    step = int(sys.argv[3])
    print("ready", flush=True)
    while True:
        account, choice_id, value = change(step)
        journal.record(account, choice_id, value)
        store.add_acknowledgement(f"request-{step}", "access", "received", "a", "b")
        print(step, flush=True)
        step += 1
    """
)


def change(step: int) -> tuple[str, str, bool]:
    """The child's change number `step`: always the same, so the test can replay it."""
    return f"https://privacy.example.org user-{step % 3}", f"X{step % 9 + 1}", step % 5 < 2


def journal_after(steps: int) -> dict[str, dict[str, bool]]:
    """What the journal holds once the first `steps` changes were recorded."""
    state: dict[str, dict[str, bool]] = {}
    for step in range(steps):
        account, choice_id, value = change(step)
        state.setdefault(account, {})[choice_id] = value
    return state


def _journal_state(journal: PendingChangesJournal) -> dict[str, dict[str, bool]]:
    accounts = {change(step)[0] for step in range(3)}
    return {account: intents for account in accounts if (intents := journal.pending(account))}


def test_a_sync_killed_at_any_moment_loses_nothing(tmp_path: Path) -> None:
    journal_path = tmp_path / "pending-changes.json"
    evidence_path = tmp_path / "evidence.jsonl"
    chance = random.Random(SEED)
    done = 0  # changes both files are known to hold
    writes_cut_short = 0
    killed_inside_a_write = 0  # a temporary file left behind: the kill hit write_atomically
    seen_leftovers = 0
    started = time.monotonic()

    for _kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(journal_path), str(evidence_path), str(done)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n", child.stderr.read() if child.stderr else ""
        time.sleep(chance.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        _out, errors = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, errors
        reported = [int(line) for line in _out.split()]
        last_reported = reported[-1] + 1 if reported else done

        leftovers = len(list(tmp_path.glob(".*.tmp")))
        killed_inside_a_write += leftovers > seen_leftovers
        seen_leftovers = leftovers

        journal = PendingChangesJournal(journal_path)
        state = _journal_state(journal)
        # The kill may land after the journal write of the next change but before its report.
        candidates = {last_reported: journal_after(last_reported)}
        candidates[last_reported + 1] = journal_after(last_reported + 1)
        matching = [steps for steps, expected in candidates.items() if expected == state]
        assert matching, f"the journal holds a state no step produced: {state}"
        assert not list(tmp_path.glob("*.damaged*")), "the journal never read as damaged"

        store = EvidenceStore(evidence_path)
        entries = store.entries()  # raises EvidenceDamaged on a torn line
        assert store.check_chain().intact
        kept = [entry.body["request_id"] for entry in entries]
        assert kept == [f"request-{step}" for step in range(len(kept))], "in order, none twice"
        assert len(kept) in (last_reported, last_reported + 1)
        assert len(kept) <= max(matching), "an entry is kept only after its change is journaled"

        if len(kept) != last_reported or max(matching) != last_reported:
            writes_cut_short += 1
        # Carry on after the last change whose entry is kept: a change journaled but not
        # yet kept is simply recorded again, as a restart would replay it.
        done = len(kept)

    elapsed = time.monotonic() - started
    assert done > KILLS, "the children got real work done between kills"
    assert killed_inside_a_write > 0, "some kills landed in the middle of a file write"
    print(
        f"{KILLS} kills, {done} changes, {writes_cut_short} between journal and report, "
        f"{killed_inside_a_write} inside a file write, {elapsed:.1f}s"
    )
