"""Keeping an eye on the service while the app runs, and telling the user what changed.

Each look runs on a worker through the signed-in session: the requests (asked with the
last answer's ETag, so an unchanged list costs the service an empty 304), the choices,
and every few looks the catalog. What the look found goes to app/notify/events.py with
the baseline and the user's own recent doing; the notices it returns go to the notifier.
The pause between looks follows app/notify/pace.py.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import TRANSIENT, ServiceError
from app.core.catalog import Catalog
from app.local.pending_changes import PendingChangesJournal
from app.notify.baseline_store import NoticeBaselines
from app.notify.desktop import DesktopNotifier
from app.notify.events import ALL_KINDS, Baseline, NoticeKind, Own, OwnChanges, Reading, notices_due
from app.notify.pace import PollPace
from app.notify.wording import notice_text, target_of
from app.ui.context import DeskContext
from app.ui.tasks import ignore_result, log_failure, run_task

_log = logging.getLogger(__name__)

# The first look waits until the pages' own first reads are done: at start-up the window
# comes first.
FIRST_LOOK_DELAY_SECONDS = 10.0
# The catalog changes rarely: it is read on the first look and then every so many looks.
CATALOG_EVERY = 5


def notice_baselines_file(data_dir: Path) -> Path:
    return data_dir / "notices.json"


class NotingJournal(PendingChangesJournal):
    """The account's pending-changes journal, the very same one (its file and its lock),
    which also notes each intent as the user's own: a change made in this app is never
    told back to the user as a change made elsewhere."""

    def __init__(
        self,
        journal: PendingChangesJournal,
        own: OwnChanges,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.__dict__.update(journal.__dict__)  # shares path and lock with `journal`
        self._own = own
        self._clock = clock or (lambda: datetime.now(UTC))

    def record(self, account: str, choice_id: str, value: bool) -> None:
        self._own.note_choice(choice_id, value, self._clock())
        super().record(account, choice_id, value)


@dataclass(frozen=True)
class _Look:
    reading: Reading
    pending: dict[str, bool]
    baseline: Baseline | None  # read from disk on the first look only
    catalog: Catalog | None


class NoticeWatcher(QObject):
    # One look is done (with the number of notices it showed): for tests and the log.
    looked = Signal(int)

    def __init__(
        self,
        context: DeskContext,
        notifier: DesktopNotifier,
        own: OwnChanges,
        *,
        enabled: Callable[[], frozenset[NoticeKind]] = lambda: ALL_KINDS,
        pace: PollPace | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.notifier = notifier
        self.own = own
        self.enabled = enabled
        self.pace = pace or PollPace()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.baselines = NoticeBaselines(notice_baselines_file(context.paths.data_dir))
        self._baseline: Baseline | None = None
        self._newest = Baseline()
        self._save_lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._looks = 0
        self._looking = False
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.look_now)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, delay: float = FIRST_LOOK_DELAY_SECONDS) -> None:
        if self._running:
            return
        self._running = True
        self._timer.start(max(0, int(delay * 1000)))

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def set_window_visible(self, visible: bool) -> None:
        self.pace.hidden = not visible
        if visible:
            self.user_active()

    def user_active(self) -> None:
        """The user is using the app: look soon again, at the base pace."""
        self.pace.user_active()
        if self._running and not self._looking:
            self._schedule()

    def look_now(self) -> None:
        if not self._running or self._looking:
            return
        self._timer.stop()
        self._looking = True
        session = self.context.session
        account = session.account.vault_key
        journal = self.context.journal
        baselines = self.baselines
        need_baseline = self._baseline is None
        need_catalog = self._catalog is None or self._looks % CATALOG_EVERY == 0
        self._looks += 1

        def look() -> _Look:
            client = session.client
            requests = session.call(client.requests)
            choices = session.call(client.choices)
            catalog = client.catalog() if need_catalog else None
            # After the choices: an intent journaled before that read counts as the user's.
            pending = journal.pending(account)
            baseline = baselines.get(account) if need_baseline else None
            ids = frozenset(c.id for c in catalog.choices) if catalog is not None else None
            return _Look(Reading(requests, choices, ids), pending, baseline, catalog)

        self.context.run(self, look, self._on_look, self._on_failed)

    # -- inside ---------------------------------------------------------------------------

    def _on_look(self, found: _Look) -> None:
        self._looking = False
        if not self._running:
            return
        if found.baseline is not None and self._baseline is None:
            self._baseline = found.baseline
        if found.catalog is not None:
            self._catalog = found.catalog
        before = self._baseline or Baseline()
        now = self.clock()
        own = Own(
            choices={**self.own.choices(now), **found.pending},
            requests=self.own.requests(now),
        )
        notices, after = notices_due(before, found.reading, now, own=own, enabled=self.enabled())
        self._baseline = after
        self._save(after)
        for notice in notices:
            title, body = notice_text(notice, self._choice_title)
            self.notifier.show(title, body, target_of(notice))
        if notices or replace(after, shown=()) != replace(before, shown=()):
            self.pace.changed()
        else:
            self.pace.nothing_new()
        self._schedule()
        self.looked.emit(len(notices))

    def _on_failed(self, error: BaseException) -> None:
        self._looking = False
        if not self._running:
            return
        if not (isinstance(error, ServiceError) and error.kind in TRANSIENT):
            log_failure("looking for news for the notifications")(error)
        retry_after = getattr(error, "retry_after", None)
        self.pace.failed(float(retry_after) if isinstance(retry_after, int | float) else None)
        self._schedule()
        self.looked.emit(0)

    def _schedule(self) -> None:
        self._timer.start(max(0, int(self.pace.next_pause() * 1000)))

    def _save(self, baseline: Baseline) -> None:
        """Saves may run in any order: each writes the newest baseline, under a lock."""
        account = self.context.session.account.vault_key
        baselines = self.baselines
        self._newest = baseline

        def save() -> None:
            with self._save_lock:
                baselines.put(account, self._newest)

        run_task(self, save, ignore_result, log_failure("saving what the notifications saw"))

    def _choice_title(self, choice_id: str) -> str:
        choice = self._catalog.choice(choice_id) if self._catalog is not None else None
        return choice.title if choice is not None else choice_id
