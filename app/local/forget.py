"""Forgetting this device: every file the app wrote for the account goes, not just some.

The app's three folders go whole: the settings (with the account to resume), the
pending-changes journal, the pending requests, the last-seen choices, the evidence logs,
the catalog cache and any leftover of an atomic write; the log files, the crash reports
and this run's fault trace. The open log file and fault trace are closed first (a file
still open cannot be deleted on Windows, and a handle kept open would write into it
again), and neither is made again until the next sign-in. What stays: files the user
saved elsewhere on purpose (an exported copy, an evidence bundle), and, when the user
asks for it, the preferences (language, theme) with no account in them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.local.crash_reports import CrashReporter
from app.local.logs import pause_log_file
from app.local.paths import AppPaths
from app.local.settings import AppSettings, SettingsFile


def app_folders(paths: AppPaths) -> tuple[Path, ...]:
    """The folders that hold only what the app itself wrote (some may be one and the same)."""
    return (paths.log_dir, paths.data_dir, paths.config_dir)


def forget_local_files(
    paths: AppPaths,
    *,
    crash_reporter: CrashReporter | None = None,
    keep_preferences: AppSettings | None = None,
) -> list[Path]:
    """Delete every file in the app's folders; returns the files that could not be deleted.

    With `keep_preferences`, a settings file holding only its language and theme is
    written afterwards. Blocking: call it from a worker.
    """
    if crash_reporter is not None:
        crash_reporter.forget_everything()
    pause_log_file(paths.log_dir)
    shutil.rmtree(paths.log_dir, ignore_errors=True)
    return forget_account_files(paths, keep_preferences=keep_preferences)


def forget_account_files(
    paths: AppPaths, *, keep_preferences: AppSettings | None = None
) -> list[Path]:
    """The data and settings folders only: what the app's pages write for the account.

    Also run once more after forgetting, when the work that was under way has finished:
    a reload that started before may still have saved a file.
    """
    for folder in (paths.data_dir, paths.config_dir):
        shutil.rmtree(folder, ignore_errors=True)
    left = sorted({path for folder in app_folders(paths) for path in _files_under(folder)})
    if keep_preferences is not None:
        preferences = AppSettings(language=keep_preferences.language, theme=keep_preferences.theme)
        SettingsFile(paths.settings_file).save(preferences)
    return left


def _files_under(folder: Path) -> list[Path]:
    try:
        return [path for path in folder.rglob("*") if not path.is_dir()]
    except OSError:
        return []
