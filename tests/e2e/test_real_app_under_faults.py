"""The REAL app, as separate processes, against the REAL service through a fault proxy.

For each seed a `random.Random(seed)` plans a short sequence of what a user and a bad
network do: flips (the same choice back and forth, several choices, rapid ones), app
restarts as new processes (a graceful quit, or SIGKILL in the middle of a sync), offline
spells, and filing access requests through the dialog. The proxy
(`tests/support/fault_proxy.py`, seeded with the same seed) breaks a share of the calls.
Then the faults stop, the app settles, and these must hold:

- every choice on the service (its own database) equals the user's last intent;
- every switch shows the service's value;
- no request was filed twice for one intent (counted by idempotency key in the database),
  and a request the user saw acknowledged exists;
- no uncaught exception in any app process;
- no GUI-thread stall over 100 ms of the app's own: the GUI thread's CPU time plus the time
  it slept in a call (I/O, a lock, the GIL) within one late tick of a 10 ms timer; time it
  waited for a processor on a busy machine is reported but not the app's
  (tests/support/app_driver.py, `Recorder`);
- every failure the user saw had a sentence (not empty, no raw error or kind name);
- the stored sign-in survives transient faults (a resume after they stop works).

Environment:

- ``PRIVACY_DESK_FAULT_SEQUENCES``: how many sequences (default 12; `.ci/run` adds 58 more
  with other seeds after `make test`)
- ``PRIVACY_DESK_FAULT_BASE_SEED``: the first seed (default 1); seeds are consecutive
- ``PRIVACY_DESK_FAULT_SEEDS``: a comma-separated list of seeds to replay instead
- ``PRIVACY_DESK_FAULT_REPORT``: write a JSON summary there
- ``PRIVACY_DESK_FAULT_STALL_MS``: the GUI stall limit (default 100)

A failing seed is printed as ``REPLAY: PRIVACY_DESK_FAULT_SEEDS=<seed>``. The network's
decisions follow the order calls reach the proxy, and the app makes some calls
concurrently, so a replay repeats the plan exactly and the faults very nearly.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from server.config import Settings
from server.embedded import EmbeddedService
from tests.support.driver_channel import DriverChannel
from tests.support.fault_proxy import FaultProxy

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
STALL_LIMIT_MS = float(os.environ.get("PRIVACY_DESK_FAULT_STALL_MS", "100"))
COMMAND_TIMEOUT = 120.0
# Choices a sequence plays with (a few, so the same one comes back often).
CHOICES_PER_SEQUENCE = 3
RAW_TEXT = re.compile(
    r"Traceback|Exception|Error\b|Error:|ServiceError|FailureKind|requests\.|urllib3|"
    r"HTTPConnection|<html|<!DOCTYPE|\{|\}|\bNone\b"
)
KIND_NAME = re.compile(r"^[a-z_]+(: .*)?$")
GENERIC_FAILURE = "Something unexpected went wrong"


def seeds_to_run() -> list[int]:
    listed = os.environ.get("PRIVACY_DESK_FAULT_SEEDS", "").strip()
    if listed:
        return [int(seed) for seed in re.split(r"[,\s]+", listed) if seed]
    count = int(os.environ.get("PRIVACY_DESK_FAULT_SEQUENCES", "12"))
    base = int(os.environ.get("PRIVACY_DESK_FAULT_BASE_SEED", "1"))
    return list(range(base, base + count))


# -- the app as a process -------------------------------------------------------------------


class AppProcess:
    """One run of the real app under `tests/support/app_driver.py`."""

    def __init__(self, root: Path, service_url: str, keyring_file: Path, number: int) -> None:
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            PYTHON_KEYRING_BACKEND="tests.support.file_keyring.FileKeyring",
            PRIVACY_DESK_TEST_KEYRING_FILE=str(keyring_file),
            PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
        )
        self.stderr_path = root / f"app-{number}.stderr"
        self._stderr = open(self.stderr_path, "wb")  # noqa: SIM115
        driver = ["-m", "tests.support.app_driver", "--paths", str(root / "app")]
        self.popen = subprocess.Popen(
            [sys.executable, *driver, "--service", service_url],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self.channel = DriverChannel(self.popen)
        ready = self.channel.answer(None, 60.0)
        if ready is None or not ready.get("ok"):
            raise RuntimeError(f"the app did not start: {self.stderr_tail()}")

    def send(self, cmd: str, **args: Any) -> int | None:
        """Start a command without waiting for its answer (to kill the app during it)."""
        return self.channel.send(cmd, **args)

    def command(self, cmd: str, timeout: float = COMMAND_TIMEOUT, **args: Any) -> dict[str, Any]:
        """The driver's answer; {"ok": False, "dead": True} when the process is gone."""
        number = self.send(cmd, **args)
        if number is None:
            return {"ok": False, "dead": True}
        reply = self.channel.answer(number, timeout)
        if reply is None:
            alive = self.popen.poll() is None
            return {"ok": False, "dead": not alive, "no_answer": alive}
        return reply

    def answer_so_far(self, number: int) -> dict[str, Any] | None:
        """The answer to a command started with `send`, if it came already."""
        return self.channel.answer(number, 0.001)

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def quit(self) -> int | None:
        self.command("quit", timeout=10)
        try:
            return self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=30)
        self.close()

    def close(self) -> None:
        for stream in (self.popen.stdin, self.popen.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self._stderr.close()

    def stderr_tail(self, lines: int = 30) -> str:
        try:
            text = self.stderr_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stderr_tracebacks(self) -> list[str]:
        try:
            text = self.stderr_path.read_text(errors="replace")
        except OSError:
            return []
        return [
            "Traceback" + part.split("\n\n")[0]
            for part in text.split("Traceback")[1:]
            if "(most recent call last)" in part[:40]
        ]


# -- one sequence -------------------------------------------------------------------------


@dataclass
class Filing:
    """One user intent to file a request, over however many dialogs and sends it took."""

    keys: list[str]
    acknowledged: bool
    request_id: str | None
    # The app was killed while filing it: the first dialog's key was never reported.
    interrupted: bool = False
    # ... after the app had learned the outcome (its unresolved-intent store was empty at
    # the kill): the first request was filed and known, so asking again is a new intent.
    known_before_kill: bool = False


@dataclass
class Outcome:
    seed: int
    steps: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    faults: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    max_gap_ms: float = 0.0
    replay: str = ""


def plan(rng: random.Random, choice_ids: list[str]) -> tuple[float, list[dict[str, Any]]]:
    """The fault rate and the steps of one sequence, from its seed only."""
    rate = rng.choice((0.2, 0.3, 0.45))
    mine = rng.sample(choice_ids, CHOICES_PER_SEQUENCE)
    steps: list[dict[str, Any]] = []
    kinds = [
        "flip",
        "back_and_forth",
        "several",
        "pause",
        "offline",
        "restart",
        "kill",
        "file",
        "kill_while_filing",
    ]
    weights = [5, 3, 2, 1, 2, 1, 2, 2, 1]
    for _ in range(rng.randint(6, 10)):
        kind = rng.choices(kinds, weights)[0]
        step: dict[str, Any] = {"step": kind}
        if kind == "flip":
            step.update(choice=rng.choice(mine), wait_ms=rng.choice((0, 500, 3000)))
        elif kind == "back_and_forth":
            step.update(choice=rng.choice(mine), times=rng.randint(2, 4))
        elif kind == "several":
            step.update(choices=rng.sample(mine, rng.randint(2, len(mine))))
        elif kind == "pause":
            step.update(seconds=round(rng.uniform(0.2, 1.5), 2))
        elif kind == "offline":
            step.update(
                flips=[rng.choice(mine) for _ in range(rng.randint(1, 2))],
                seconds=round(rng.uniform(0.3, 1.2), 2),
                then=rng.choice(("retry_now", "wait")),
            )
        elif kind == "kill":
            step.update(choice=rng.choice(mine), after_ms=rng.randint(50, 500))
        elif kind == "kill_while_filing":
            step.update(after_ms=rng.randint(20, 400))
        elif kind == "file":
            step.update(sends=rng.randint(2, 3), dialogs=rng.randint(1, 2))
        steps.append(step)
    return rate, steps


class Sequence:
    def __init__(self, service: EmbeddedService, root: Path, seed: int) -> None:
        self.service = service
        self.root = root
        self.seed = seed
        self.rng = random.Random(seed)
        self.email = f"seq{seed}-{time.monotonic_ns()}@example.org"
        self.keyring_file = root / "keyring.json"
        self.proxy = FaultProxy(service.base_url, seed=seed)
        self.outcome = Outcome(seed)
        self.app: AppProcess | None = None
        self.processes = 0
        self.intents: dict[str, bool] = {}
        self.filings: list[Filing] = []
        self.seen_states: list[dict[str, Any]] = []
        self.all_processes: list[AppProcess] = []

    # -- helpers --------------------------------------------------------------------------

    def note(self, text: str) -> None:
        self.outcome.steps.append(text)

    def violation(self, text: str) -> None:
        if text not in self.outcome.violations:
            self.outcome.violations.append(text)

    def start_app(self) -> AppProcess:
        self.processes += 1
        app = AppProcess(self.root, self.proxy.base_url, self.keyring_file, self.processes)
        self.app = app
        self.all_processes.append(app)
        return app

    def collect_state(self) -> dict[str, Any] | None:
        if self.app is None or not self.app.alive:
            return None
        state = self.app.command("state", timeout=30)
        if state.get("ok"):
            self.seen_states.append(state)
            return state
        return None

    def end_app(self, *, kill: bool) -> None:
        app = self.app
        if app is None:
            return
        if kill:
            app.kill()
        else:
            self.collect_state()
            code = app.quit()
            if code not in (0, None):
                self.violation(f"app exit code: process {self.processes} ended with {code}")
            app.close()
        self.app = None

    def sign_in(self, tries: int = 3) -> bool:
        assert self.app is not None
        for _ in range(tries):
            answer = self.app.command("sign_in", email=self.email, password=PASSWORD)
            if answer.get("ok") and answer.get("choices_loaded"):
                return True
            if answer.get("ok"):
                settled = self.app.command("settle", timeout=20)
                if settled.get("ok"):
                    return True
        return False

    def resume(self, tries: int = 2) -> dict[str, Any]:
        assert self.app is not None
        answer: dict[str, Any] = {}
        for _ in range(tries):
            answer = self.app.command("resume")
            if answer.get("ok"):
                return answer
        return answer

    def flip(self, choice: str, wait_ms: int = 0) -> None:
        assert self.app is not None
        answer = self.app.command("flip", choice=choice, wait_ms=wait_ms)
        if answer.get("ok"):
            self.intents[choice] = bool(answer["wanted"])
            self.note(f"flip {choice} -> {answer['wanted']}")
        else:
            self.note(f"flip {choice} not possible ({answer.get('reason')})")

    # -- the run --------------------------------------------------------------------------

    def run(self, choice_ids: list[str]) -> Outcome:
        started = time.monotonic()
        try:
            self._run(choice_ids)
        except Exception as error:  # the harness's own failure is reported, not hidden
            self.violation(f"harness error: {error!r}")
        finally:
            for app in self.all_processes:
                app.kill()
            self.proxy.stop()
        self.outcome.seconds = round(time.monotonic() - started, 2)
        self.outcome.faults = Counter(self.proxy.injected)
        self.outcome.replay = self.proxy.replay_text()
        return self.outcome

    def _run(self, choice_ids: list[str]) -> None:
        from server.accounts import create_user

        with self.service.database.session() as session:
            create_user(session, self.service.settings, email=self.email, password=PASSWORD)
        self.proxy.start()
        self.intents = service_choices(self.service, self.email)
        rate, steps = plan(self.rng, choice_ids)
        self.note(f"fault rate {rate}")
        self.proxy.faults_on(rate)
        self.start_app()
        if not self.sign_in():
            self.note("sign-in failed under faults; again with the network well")
            self.proxy.faults_off()
            if not self.sign_in():
                self.violation("could not sign in even without faults")
                return
            self.proxy.faults_on(rate)
        for step in steps:
            self.do(step, rate)
        self.finish()

    def ensure_signed_in(self) -> None:
        """After a restart: the silent sign-in, once more if it fails (a second launch)."""
        answer = self.resume()
        if not answer.get("ok"):
            self.note(f"resume failed: {answer.get('message') or answer.get('reason')}")

    def do(self, step: dict[str, Any], rate: float) -> None:
        kind = step["step"]
        if self.app is None:
            self.start_app()
            self.ensure_signed_in()
        app = self.app
        assert app is not None
        if kind == "flip":
            self.flip(step["choice"], step["wait_ms"])
        elif kind == "back_and_forth":
            for _ in range(step["times"]):
                self.flip(step["choice"], 3000)
        elif kind == "several":
            for choice in step["choices"]:
                self.flip(choice)
        elif kind == "pause":
            time.sleep(step["seconds"])
        elif kind == "offline":
            self.proxy.go_offline()
            self.note("offline")
            for choice in step["flips"]:
                self.flip(choice, 500)
            time.sleep(step["seconds"])
            self.proxy.go_online()
            self.note(f"online, then {step['then']}")
            if step["then"] == "retry_now":
                app.command("retry_now")
            else:
                time.sleep(0.5)
        elif kind == "restart":
            self.note("quit")
            self.end_app(kill=False)
            self.start_app()
            self.ensure_signed_in()
        elif kind == "kill":
            self.flip(step["choice"], 500)
            time.sleep(step["after_ms"] / 1000.0)
            self.note(f"SIGKILL after {step['after_ms']} ms")
            self.end_app(kill=True)
            self.start_app()
            self.ensure_signed_in()
        elif kind == "kill_while_filing":
            # The user asks for a copy; the app dies on the way; after the restart they
            # ask again. One intent: at most one request on the service.
            number = app.send("file_request", kind="access", sends=3, dialogs=1)
            time.sleep(step["after_ms"] / 1000.0)
            early = app.answer_so_far(number) if number is not None else None
            self.note(f"SIGKILL {step['after_ms']} ms into filing a request")
            self.end_app(kill=True)
            known_before_kill = not self.unresolved_filings()
            self.start_app()
            self.ensure_signed_in()
            if early is not None:
                # The user saw how it ended before the kill: nothing to ask again.
                self.filings.append(
                    Filing(
                        list(early.get("keys", [])), bool(early.get("ok")), early.get("request_id")
                    )
                )
                self.note("the filing had ended before the kill")
                return
            assert self.app is not None
            answer = self.app.command("file_request", kind="access", sends=3, dialogs=2)
            self.filings.append(
                Filing(
                    list(answer.get("keys", [])),
                    bool(answer.get("ok")),
                    answer.get("request_id"),
                    interrupted=True,
                    known_before_kill=known_before_kill,
                )
            )
            self.note(
                f"file access again: {'acknowledged' if answer.get('ok') else 'not acknowledged'}"
            )
        elif kind == "file":
            answer = app.command(
                "file_request", kind="access", sends=step["sends"], dialogs=step["dialogs"]
            )
            if answer.get("keys") or answer.get("ok"):
                self.filings.append(
                    Filing(
                        list(answer.get("keys", [])),
                        bool(answer.get("ok")),
                        answer.get("request_id"),
                    )
                )
            self.note(
                f"file access: {'acknowledged' if answer.get('ok') else 'not acknowledged'}"
                f" after {answer.get('attempts')} sends, {len(answer.get('keys', []))} dialog keys"
            )

    def finish(self) -> None:
        self.proxy.faults_off()
        self.proxy.go_online()
        self.note("faults off")
        if self.app is None or not self.app.alive:
            self.start_app()
        assert self.app is not None
        state = self.app.command("state", timeout=30)
        if state.get("window") != "main":
            answer = self.resume(tries=2)
            if not answer.get("ok"):
                message = answer.get("message") or answer.get("reason") or answer
                self.violation(
                    f"the stored sign-in did not survive the faults: resume says {message!r}"
                )
                if not self.sign_in():
                    self.violation("could not sign in with the password after the faults")
                    self.check_records()
                    return
        self.check_choices(self.settle_and_look("after the faults stopped"), "faults stopped")
        self.check_requests()
        # Once more in a new process: nothing left behind (a journal entry, a stale value)
        # may undo the user's last intent or show anything but the service's values.
        self.note("quit and start again")
        self.end_app(kill=False)
        self.start_app()
        answer = self.resume()
        if not answer.get("ok"):
            message = answer.get("message") or answer.get("reason") or answer
            self.violation(f"resume after a clean restart failed: {message!r}")
        else:
            self.check_choices(self.settle_and_look("after a clean restart"), "restarted")
        self.end_app(kill=False)
        self.check_records()

    def settle_and_look(self, when: str) -> dict[str, Any]:
        assert self.app is not None
        self.app.command("retry_now")
        settled = self.app.command("settle", timeout=30)
        if not settled.get("settled"):
            self.app.command("retry_now")
            settled = self.app.command("settle", timeout=15)
        state = self.collect_state()
        if state is None:
            self.violation(f"the app did not answer {when}")
            return {}
        if not settled.get("settled"):
            self.violation(
                f"not settled {when} (45 s): window {state.get('window')}, "
                f"journal {state.get('journal')}, cards "
                + ", ".join(
                    f"{c}={v['checked']}/{v['role'] or '-'}"
                    for c, v in sorted(state.get("cards", {}).items())
                )
            )
        return state

    # -- the invariants -------------------------------------------------------------------

    def check_choices(self, state: dict[str, Any], when: str) -> None:
        if not state:
            return
        stored = service_choices(self.service, self.email)
        cards = state.get("cards", {})
        for choice, wanted in sorted(self.intents.items()):
            if stored.get(choice) != wanted:
                card = cards.get(choice, {})
                self.violation(
                    f"choice {choice} ({when}): the user last wanted {wanted}, the service "
                    f"holds {stored.get(choice)} (the card says {card.get('status')!r})"
                )
        for choice, card in sorted(cards.items()):
            if card["checked"] != stored.get(choice):
                self.violation(
                    f"switch {choice} ({when}): shows {card['checked']}, the service holds "
                    f"{stored.get(choice)} (status {card['status']!r})"
                )
        if not cards:
            self.violation(f"no choice cards ({when}): window {state.get('window')}")
        for account, intents in state.get("journal", {}).items():
            for choice, value in intents.items():
                if value != stored.get(choice):
                    self.violation(
                        f"journal {choice} ({when}): still holds {value} for {account}, which "
                        f"the next start would send"
                    )

    def check_records(self) -> None:
        """What every app process recorded: exceptions, stalls, the texts the user saw."""
        for process_state in self.seen_states:
            for error in process_state.get("exceptions", []):
                self.violation(
                    f"uncaught exception: {error['type']} on {error['thread']}: {error['message']}"
                )
            gap = float(process_state.get("max_gap_ms", 0.0))
            self.outcome.max_gap_ms = max(self.outcome.max_gap_ms, gap)
            for stall in process_state.get("stalls", []):
                if stall.get("own_ms", stall["ms"]) > STALL_LIMIT_MS:
                    self.violation(
                        f"GUI stall during {stall['during']}: {stall.get('own_ms')} ms of the "
                        f"app's own in a {stall['ms']} ms gap (GUI thread CPU "
                        f"{stall.get('gui_cpu_ms')} ms, asleep in a call "
                        f"{stall.get('blocked_ms')} ms, process CPU "
                        f"{stall.get('process_cpu_ms')} ms)"
                    )
            for message in process_state.get("messages", []):
                problem = sentence_problem(message["text"], failure=message["role"] == "error")
                if problem:
                    self.violation(
                        f"failure text without a sentence: {message['text']!r} "
                        f"({message['role']}, {message['where'] or 'label'}): {problem}"
                    )
        recorded = {e["message"] for s in self.seen_states for e in s.get("exceptions", [])}
        for app in self.all_processes:
            for text in app.stderr_tracebacks():
                last = text.strip().splitlines()[-1]
                if not any(message and last.endswith(message) for message in recorded):
                    self.violation(f"traceback on an app's stderr: {last}")

    def unresolved_filings(self) -> list[object]:
        """What the app's own store holds as filed-but-outcome-unknown (read from disk)."""
        from app.local.paths import AppPaths
        from app.local.pending_requests import PendingRequests, pending_requests_file

        folder = self.root / "app"
        paths = AppPaths(folder / "config", folder / "data", folder / "logs")
        store = PendingRequests(pending_requests_file(paths))
        return [entry for entries in store._read().values() for entry in entries]

    def check_requests(self) -> None:
        from server.accounts import find_user_by_email
        from server.db.models import PrivacyRequest

        with self.service.database.session() as session:
            user = find_user_by_email(session, self.email)
            assert user is not None
            rows = list(
                session.execute(
                    select(PrivacyRequest.id, PrivacyRequest.idempotency_key).where(
                        PrivacyRequest.user_id == user.id
                    )
                )
            )
        by_key = Counter(key for _id, key in rows)
        known = {key for filing in self.filings for key in filing.keys}
        unknown = [request_id for request_id, key in rows if key not in known]
        interrupted = [filing for filing in self.filings if filing.interrupted]
        # A killed dialog never reported its key: requests with keys nobody reported belong
        # to the interrupted intents, which together may have at most one request each.
        on_service = len(unknown) + sum(by_key[k] for f in interrupted for k in f.keys)
        # A filing whose outcome the app already knew when it was killed may be on the
        # service twice: once from before the kill, once asked again (a new intent).
        allowed = len(interrupted) + sum(1 for f in interrupted if f.known_before_kill)
        if interrupted and on_service > allowed:
            self.violation(
                f"request filed twice: {len(interrupted)} filing(s) interrupted by a kill "
                f"and asked again are on the service {on_service} times"
            )
        elif unknown and not interrupted:
            self.violation(f"request the user never filed: {len(unknown)} ({unknown})")
        for number, filing in enumerate(self.filings, 1):
            count = sum(by_key[key] for key in filing.keys)
            if count > 1:
                self.violation(
                    f"request filed twice: filing {number} (one user intent, "
                    f"{len(filing.keys)} dialogs) is on the service {count} times"
                )
            if filing.acknowledged and count == 0 and not filing.interrupted:
                self.violation(
                    f"acknowledged request missing: filing {number} is not on the service"
                )
            if not filing.acknowledged and count == 1 and not filing.interrupted:
                self.outcome.notes.append(
                    f"filing {number}: the user was told it failed, the service has it"
                )
        answered = Counter(f.request_id for f in self.filings if f.acknowledged and f.request_id)
        for request_id, times in answered.items():
            if times > 1:
                self.violation(
                    f"two intents, one request: {times} separate filings were answered with "
                    f"request {request_id}"
                )


def service_choices(service: EmbeddedService, email: str) -> dict[str, bool]:
    """The service's own record, read from its database."""
    from server.accounts import find_user_by_email
    from server.choices_state import current_choices

    with service.database.session() as session:
        user = find_user_by_email(session, email)
        assert user is not None
        response = current_choices(session, user)
        return {state.id: bool(state.value) for state in response.choices}


def kind_of(violation: str) -> str:
    """A violation's invariant, for the summary: its text without names and numbers."""
    return re.sub(r"\b(X\d+|\d+(\.\d+)?)\b", "#", violation.split(":")[0])


def sentence_problem(text: str, *, failure: bool = True) -> str:
    """Why `text` is not a sentence a user can act on ("" when it is one).

    A pending status ("Saving…", a date) need not be a sentence, but must not be raw."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if KIND_NAME.match(stripped):
        return "a failure kind's name, not a sentence"
    if RAW_TEXT.search(stripped):
        return "raw error text"
    if not failure:
        return ""
    if not stripped[0].isupper():
        return "does not start like a sentence"
    if stripped[-1] not in ".…!?":
        return "does not end like a sentence"
    if GENERIC_FAILURE in stripped:
        return "the catch-all sentence: an error the app did not classify reached the user"
    return ""


# -- the test -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fault_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedService]:
    """One real service for every sequence; each sequence has its own account."""
    root = tmp_path_factory.mktemp("fault-service")
    service = EmbeddedService(
        Settings(
            database_url=f"sqlite:///{root / 'service.sqlite3'}",
            export_dir=root / "exports",
            # Restarts sign in again and again from one address: not what this test is about.
            sign_in_attempts_per_account=1_000_000,
            sign_in_attempts_per_address=1_000_000,
        )
    )
    service.start()
    yield service
    service.stop()


def test_the_real_app_keeps_every_intent_through_faults_restarts_and_kills(
    fault_service: EmbeddedService, tmp_path: Path
) -> None:
    from server.catalog.entries import CHOICES
    from server.choices_state import current_choices  # noqa: F401  (fail early if renamed)

    choice_ids = [choice.id for choice in CHOICES]
    started = time.monotonic()
    outcomes: list[Outcome] = []
    for seed in seeds_to_run():
        root = tmp_path / f"seed-{seed}"
        root.mkdir()
        outcome = Sequence(fault_service, root, seed).run(choice_ids)
        outcomes.append(outcome)
        status = "FAIL" if outcome.violations else "ok"
        print(f"seed {seed}: {status} in {outcome.seconds} s, {sum(outcome.faults.values())} calls")
        if outcome.violations:
            print("  " + "\n  ".join(outcome.violations))
            print(f"REPLAY: PRIVACY_DESK_FAULT_SEEDS={seed}")
    wall = time.monotonic() - started
    faults: Counter[str] = Counter()
    for outcome in outcomes:
        faults.update(outcome.faults)
    failing = [outcome for outcome in outcomes if outcome.violations]
    summary = {
        "sequences": len(outcomes),
        "steps": sum(len(outcome.steps) for outcome in outcomes),
        "wall_seconds": round(wall, 1),
        "faults_injected": dict(sorted(faults.items())),
        "max_gui_gap_ms": max((outcome.max_gap_ms for outcome in outcomes), default=0.0),
        "failing_seeds": [outcome.seed for outcome in failing],
        "violations_by_kind": dict(
            Counter(kind_of(v) for outcome in failing for v in outcome.violations).most_common()
        ),
        "violations": {str(outcome.seed): outcome.violations for outcome in failing},
        "notes": {str(o.seed): o.notes for o in outcomes if o.notes},
        "sequences_detail": [
            {
                "seed": outcome.seed,
                "seconds": outcome.seconds,
                "steps": outcome.steps,
                "violations": outcome.violations,
                "faults": dict(outcome.faults),
            }
            for outcome in outcomes
        ],
    }
    report = os.environ.get("PRIVACY_DESK_FAULT_REPORT")
    if report:
        Path(report).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(
        f"{len(outcomes)} sequences, {summary['steps']} steps in {wall:.0f} s; "
        f"faults: {summary['faults_injected']}"
    )
    if failing:
        lines = []
        for outcome in failing:
            lines.append(f"seed {outcome.seed} (REPLAY: PRIVACY_DESK_FAULT_SEEDS={outcome.seed}):")
            lines += [f"  - {violation}" for violation in outcome.violations]
            lines += [f"    step: {step}" for step in outcome.steps]
            lines.append("  " + outcome.replay.replace("\n", "\n  "))
        pytest.fail(
            f"{len(failing)} of {len(outcomes)} sequences broke an invariant:\n" + "\n".join(lines),
            pytrace=False,
        )
