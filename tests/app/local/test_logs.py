"""The log file: no secret or e-mail address ever reaches it, it rotates, it ages out (T2)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.api.errors import FailureKind, ServiceError
from app.local.logs import (
    LOG_BACKUP_COUNT,
    LOG_FILE_NAME,
    MAX_LOG_BYTES,
    configure_logging,
    remove_old_logs,
)

REPO = Path(__file__).resolve().parents[3]
TOKEN = "Qm9ndXNSZWZyZXNoVG9rZW5fZm9yX3Rlc3RzX29ubHk"  # 43 chars, like token_urlsafe(32)
ACCESS = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0"
EMAIL = "ada@example.org"
PASSWORD = "correct horse battery"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlX3NlY3JldA"

log = logging.getLogger("privacy_desk.test")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    path = configure_logging(tmp_path / "logs", level=logging.DEBUG)
    yield path
    for handler in _our_handlers():
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _our_handlers() -> list[logging.Handler]:
    return [
        handler
        for handler in logging.getLogger().handlers
        if getattr(handler, "baseFilename", "").endswith(LOG_FILE_NAME)
    ]


def _written(path: Path) -> str:
    for handler in _our_handlers():
        handler.flush()
    return path.read_text(encoding="utf-8")


def _raise(error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        log.exception("The request failed")


# (what the app might log, the secrets in it, what must still be readable)
NASTY_LINES = [
    pytest.param(
        lambda: log.debug("Sending headers %s", {"Authorization": f"Bearer {TOKEN}"}),
        [TOKEN],
        "Sending headers",
        id="authorization header in a dict",
    ),
    pytest.param(
        lambda: log.debug("Authorization: Bearer %s", ACCESS),
        [ACCESS],
        "Authorization:",
        id="authorization header as text",
    ),
    pytest.param(
        lambda: log.info("Header Authorization: AppId app42.%s", TOKEN),
        [TOKEN],
        "Header",
        id="application id secret",
    ),
    pytest.param(
        lambda: log.debug(
            "POST /v1/auth/token body=%s",
            f"grant_type=password&username=ada%40example.org&password={PASSWORD.replace(' ', '+')}",
        ),
        ["ada%40example.org", "horse", "battery"],
        "POST /v1/auth/token",
        id="password grant form body",
    ),
    pytest.param(
        lambda: log.debug("body: grant_type=refresh_token&refresh_token=%s", TOKEN),
        [TOKEN],
        "grant_type=refresh_token",
        id="refresh grant form body",
    ),
    pytest.param(
        lambda: log.debug(
            "answer %s",
            f'{{"access_token": "{ACCESS}", "refresh_token": "{TOKEN}", "expires_in": 900, '
            f'"user": {{"id": "u1", "email": "{EMAIL}"}}}}',
        ),
        [ACCESS, TOKEN, EMAIL],
        '"expires_in": 900',
        id="token answer as JSON",
    ),
    pytest.param(
        lambda: log.info("Redirected to /callback?state=abc&access_token=%s&x=1", ACCESS),
        [ACCESS],
        "state=abc",
        id="query string",
    ),
    pytest.param(
        lambda: log.info("retry token=%s password=%s", TOKEN, "hunter2"),
        [TOKEN, "hunter2"],
        "retry",
        id="key=value text",
    ),
    pytest.param(
        lambda: log.debug("form %r", {"username": EMAIL, "password": PASSWORD}),
        [EMAIL, "horse", "battery"],
        "form",
        id="dict repr in args",
    ),
    pytest.param(
        lambda: log.debug("data=%r", [("grant_type", "password"), ("password", PASSWORD)]),
        ["horse", "battery"],
        "grant_type",
        id="form data as pairs",
    ),
    pytest.param(
        lambda: log.info("Signed in as %s", EMAIL),
        [EMAIL],
        "Signed in as",
        id="e-mail address",
    ),
    pytest.param(
        lambda: log.warning("Refresh with %s was refused", TOKEN),
        [TOKEN],
        "was refused",
        id="opaque token next to a token word",
    ),
    pytest.param(
        lambda: log.debug("id token %s", JWT),
        [JWT, "c2lnbmF0dXJlX3NlY3JldA"],
        "id token",
        id="JSON web token",
    ),
    pytest.param(
        lambda: _raise(ServiceError(FailureKind.REJECTED, f"Bearer {TOKEN} refused for {EMAIL}")),
        [TOKEN, EMAIL],
        "ServiceError",
        id="exception text",
    ),
    pytest.param(
        lambda: _raise(ValueError({"refresh_token": TOKEN, "password": PASSWORD})),
        [TOKEN, "horse", "battery"],
        "ValueError",
        id="exception args",
    ),
    pytest.param(
        lambda: log.info("%s then %s", TOKEN),
        [TOKEN],
        "then",
        id="message that cannot be formatted",
    ),
]


@pytest.mark.parametrize(("write", "secrets", "kept"), NASTY_LINES)
def test_nothing_secret_reaches_the_log_file(
    log_file: Path, write: object, secrets: list[str], kept: str
) -> None:
    assert callable(write)
    write()
    text = _written(log_file)
    for secret in secrets:
        assert secret not in text
    assert kept in text, "redaction must leave the rest of the line readable"


def test_the_home_directory_is_written_as_a_tilde(
    log_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "ada-lovelace"
    monkeypatch.setenv("HOME", str(home))
    log.info("Settings at %s", home / ".config" / "privacy-desk" / "settings.json")
    text = _written(log_file)
    assert str(home) not in text
    assert "~/.config/privacy-desk/settings.json" in text


def test_useful_facts_are_not_mistaken_for_secrets(log_file: Path) -> None:
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    log.info("Choice X3 saved (412 retried); copy verified, sha256 %s", digest)
    text = _written(log_file)
    assert f"Choice X3 saved (412 retried); copy verified, sha256 {digest}" in text


def test_configuring_twice_does_not_write_every_line_twice(log_file: Path) -> None:
    assert configure_logging(log_file.parent, level=logging.DEBUG) == log_file
    assert len(_our_handlers()) == 1
    log.info("just once")
    assert _written(log_file).count("just once") == 1


def test_logs_older_than_90_days_are_removed_and_recent_ones_kept(tmp_path: Path) -> None:
    now = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    ages = {
        LOG_FILE_NAME: timedelta(days=1),
        f"{LOG_FILE_NAME}.1": timedelta(days=89),
        f"{LOG_FILE_NAME}.2": timedelta(days=91),
        f"{LOG_FILE_NAME}.3": timedelta(days=400),
        "someone-elses-notes.txt": timedelta(days=400),
    }
    for name, age in ages.items():
        path = tmp_path / name
        path.write_text("line\n")
        moment = (now - age).timestamp()
        os.utime(path, (moment, moment))

    removed = remove_old_logs(tmp_path, now)

    assert sorted(path.name for path in removed) == [f"{LOG_FILE_NAME}.2", f"{LOG_FILE_NAME}.3"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        LOG_FILE_NAME,
        f"{LOG_FILE_NAME}.1",
        "someone-elses-notes.txt",
    ]


def test_starting_the_app_clears_logs_past_their_90_days(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    stale = log_dir / f"{LOG_FILE_NAME}.4"
    stale.write_text("from last winter\n")
    moment = (datetime.now(UTC) - timedelta(days=120)).timestamp()
    os.utime(stale, (moment, moment))
    root_level = logging.getLogger().level
    try:
        configure_logging(log_dir)
        assert not stale.exists()
    finally:
        for handler in _our_handlers():
            logging.getLogger().removeHandler(handler)
            handler.close()
        logging.getLogger().setLevel(root_level)


def test_the_log_rotates_and_keeps_a_bounded_number_of_files(log_file: Path) -> None:
    line = "x " * 25_000
    for _ in range((MAX_LOG_BYTES // len(line)) * (LOG_BACKUP_COUNT + 2)):
        log.debug(line)
    _written(log_file)
    files = sorted(path.name for path in log_file.parent.iterdir())
    assert files == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in range(1, 6)]
    assert all(path.stat().st_size <= MAX_LOG_BYTES for path in log_file.parent.iterdir())


def test_importing_the_modules_logs_nothing_and_adds_no_handler() -> None:
    script = (
        "import logging\n"
        "seen = []\n"
        "class Catch(logging.Handler):\n"
        "    def emit(self, record): seen.append(record)\n"
        "root = logging.getLogger(); root.addHandler(Catch()); root.setLevel(1)\n"
        "import app.local.logs, app.local.crash_reports\n"
        "print(len(seen), len(root.handlers))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["0", "1"], done.stderr
