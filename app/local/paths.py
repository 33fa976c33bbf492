"""Where the app's own files live. PRIVACY_DESK_HOME moves them all (tests, portable use)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "privacy-desk"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        home = os.environ.get("PRIVACY_DESK_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def pending_changes_file(self) -> Path:
        return self.data_dir / "pending-changes.json"

    @property
    def last_seen_choices_file(self) -> Path:
        return self.data_dir / "last-seen-choices.json"

    @property
    def catalog_file(self) -> Path:
        """The service's last catalog (public, no personal data), for starting offline."""
        return self.data_dir / "catalog.json"
