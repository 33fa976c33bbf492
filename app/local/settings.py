"""The app's settings file: preferences and which account to resume. No secrets, no e-mail."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from app.local.atomic import SUBJECT_SETTINGS, write_atomically

DEFAULT_SERVICE_URL = "https://privacy.example.org"


@dataclass(frozen=True)
class AppSettings:
    service_url: str = DEFAULT_SERVICE_URL
    # The opaque id of the account to resume from the keyring; "" when signed out.
    user_id: str = ""
    language: str = ""  # "" follows the system
    theme: str = "system"  # system | light | dark
    # The kinds of notification the user switched off (app/notify/events.py NoticeKind values).
    notifications_off: tuple[str, ...] = ()
    # Closing the window leaves the app running in the tray (opt-in).
    keep_in_tray: bool = False
    # Start at login (opt-in); the entry itself is app/local/autostart.py's.
    start_at_login: bool = False

    def with_changes(self, **changes: Any) -> AppSettings:
        return replace(self, **changes)


class SettingsFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> AppSettings:
        """Missing or damaged settings fall back to defaults rather than stopping the app."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return AppSettings()
        if not isinstance(raw, dict):
            return AppSettings()
        defaults = AppSettings()
        known: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in AppSettings.__dataclass_fields__:
                continue
            default = getattr(defaults, key)
            if isinstance(default, bool):
                if isinstance(value, bool):
                    known[key] = value
            elif isinstance(default, tuple):
                if isinstance(value, list) and all(isinstance(item, str) for item in value):
                    known[key] = tuple(value)
            elif isinstance(value, str):
                known[key] = value
        return AppSettings(**known)

    def save(self, settings: AppSettings) -> None:
        text = json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n"
        write_atomically(self.path, text.encode("utf-8"), subject=SUBJECT_SETTINGS)
