"""The settings file: new fields have safe defaults, and old or damaged files still load."""

from __future__ import annotations

import json
from pathlib import Path

from app.local.settings import AppSettings, SettingsFile


def test_an_older_settings_file_loads_with_notifications_on_and_tray_and_login_off(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    old = {
        "service_url": "https://privacy.example",
        "user_id": "u1",
        "language": "nl",
        "theme": "dark",
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    loaded = SettingsFile(path).load()
    assert loaded == AppSettings(
        service_url="https://privacy.example", user_id="u1", language="nl", theme="dark"
    )
    assert loaded.notifications_off == ()
    assert loaded.keep_in_tray is False
    assert loaded.start_at_login is False


def test_the_new_settings_survive_a_save_and_a_load(tmp_path: Path) -> None:
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings = AppSettings(
        notifications_off=("choice_changed", "new_choice"), keep_in_tray=True, start_at_login=True
    )
    settings_file.save(settings)
    assert settings_file.load() == settings


def test_values_of_the_wrong_type_fall_back_to_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    wrong = {
        "theme": "light",
        "keep_in_tray": "yes",
        "start_at_login": 1,
        "notifications_off": "choice_changed",
    }
    path.write_text(json.dumps(wrong), encoding="utf-8")
    assert SettingsFile(path).load() == AppSettings(theme="light")
