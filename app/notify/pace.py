"""How often to look at the service: politely, and less when nothing happens. No Qt.

The pause starts at `base`. Each look that finds nothing new doubles it, up to `quiet_cap`;
each look that fails (offline, the service busy) doubles it too, up to `offline_cap`. A
hidden window stretches the pause by `hidden_factor` (up to `hidden_cap`). A change, or
the user doing something in the app, brings it back to `base` at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PollPace:
    base: float = 60.0
    quiet_cap: float = 15 * 60.0
    offline_cap: float = 15 * 60.0
    hidden_factor: float = 4.0
    hidden_cap: float = 30 * 60.0
    # A server's Retry-After asks for at least this long.
    _quiet: int = 0
    _failed: int = 0
    hidden: bool = False
    _at_least: float = 0.0

    def changed(self) -> None:
        self._quiet = 0
        self._failed = 0
        self._at_least = 0.0

    def user_active(self) -> None:
        self.changed()

    def nothing_new(self) -> None:
        self._failed = 0
        self._quiet += 1
        self._at_least = 0.0

    def failed(self, retry_after: float | None = None) -> None:
        self._failed += 1
        self._at_least = retry_after or 0.0

    def next_pause(self) -> float:
        """Seconds until the next look."""
        if self._failed:
            pause = min(self.base * 2.0 ** min(self._failed, 20), self.offline_cap)
        else:
            pause = min(self.base * 2.0 ** min(self._quiet, 20), self.quiet_cap)
        if self.hidden:
            pause = min(pause * self.hidden_factor, max(self.hidden_cap, pause))
        return max(pause, self._at_least)
