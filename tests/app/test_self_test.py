"""`privacy-desk --version` and `--self-test`, as the installed-package smoke tests run them.

Each run is a separate process, `python -m app`, with its own HOME and XDG folders, the
offscreen Qt platform, and the suite's file keyring (tests/support/file_keyring.py), so
nothing here touches the keyring of whoever runs the tests. `--service` runs go against
the real service on loopback.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.api.client import PrivacyClient
from app.auth.vault import TokenVault
from app.identity import APP_ID
from app.self_test import EMAIL_VARIABLE, PASSWORD_VARIABLE, run_self_test
from server.embedded import EmbeddedService
from tests.app.auth.test_secret_service import OUR_BACKEND
from tests.conftest import OTHER_EMAIL, OTHER_PASSWORD, USER_EMAIL, USER_PASSWORD
from tests.support.child_process import (
    REPO_ROOT,
    describe,
    isolated_env,
    run_child,
    run_under_secret_service,
)
from tests.support.child_process import report_fields as fields
from tests.support.file_keyring import FileKeyring
from tests.support.memory_keyring import MemoryKeyring

FILE_KEYRING = "tests.support.file_keyring.FileKeyring"
FAIL_KEYRING = "keyring.backends.fail.Keyring"


def pyproject_version() -> str:
    with (REPO_ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An isolated child with the suite's file keyring in `tmp_path` (unless `extra` names
    another backend)."""
    keyring = {
        "PYTHON_KEYRING_BACKEND": FILE_KEYRING,
        "PRIVACY_DESK_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }
    return isolated_env(tmp_path, **(keyring | extra))


def run(args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_child([sys.executable, *args], env)


def keyring_entries(tmp_path: Path) -> dict[str, str] | None:
    """What the file keyring holds; None if nothing was ever written to it."""
    path = tmp_path / "keyring.json"
    if not path.exists():
        return None
    entries: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return entries


def service_choices(service: EmbeddedService, email: str, password: str) -> dict[str, bool]:
    client = PrivacyClient(service.base_url)
    grant = client.password_grant(email, password)
    try:
        return {item.id: item.value for item in client.choices(grant.access_token).values}
    finally:
        client.revoke(grant.refresh_token)


def receipt_values(service: EmbeddedService, choice_id: str) -> list[bool]:
    """The values of the consent receipts for one choice, oldest first."""
    client = PrivacyClient(service.base_url)
    grant = client.password_grant(USER_EMAIL, USER_PASSWORD)
    try:
        receipts, _next = client.receipts(grant.access_token)
    finally:
        client.revoke(grant.refresh_token)
    return [receipt.value for receipt in reversed(receipts) if receipt.choice_id == choice_id]


# -- --version ---------------------------------------------------------------------------


def test_version_prints_the_pyproject_version_and_exits(tmp_path: Path) -> None:
    result = run(["-m", "app", "--version"], child_env(tmp_path))

    assert result.returncode == 0, describe(result)
    assert result.stdout == f"privacy-desk {pyproject_version()}\n", describe(result)


def test_version_starts_no_qt_and_no_keyring(tmp_path: Path) -> None:
    probe = textwrap.dedent(
        """\
        import sys
        from app.main import main
        status = main(["--version"])
        started = sorted(m for m in sys.modules if m.startswith(("PySide6", "keyring")))
        print("status:", status)
        print("started:", " ".join(started) or "nothing")
        """
    )
    result = run(["-c", probe], child_env(tmp_path))

    assert result.returncode == 0, describe(result)
    assert fields(result.stdout)["status"] == "0"
    assert fields(result.stdout)["started"] == "nothing", describe(result)


# -- --self-test ---------------------------------------------------------------------------


def test_self_test_reports_what_the_app_runs_on(tmp_path: Path) -> None:
    result = run(["-m", "app", "--self-test", "--lang", "nl"], child_env(tmp_path))

    assert result.returncode == 0, describe(result)
    report = fields(result.stdout)
    assert report["version"] == pyproject_version()
    assert re.fullmatch(r"6\.\d+\.\d+ \(PySide6 6\.\d+\.\d+\)", report["qt"]), report
    assert report["platform"] == "offscreen"
    assert report["language"] == "nl"
    assert report["keyring"] == FILE_KEYRING
    assert report["translations"] == "en nl"
    assert {"QtCore", "QtGui", "QtWidgets"} <= set(report["qt-modules"].split()), report
    assert all(name.startswith("Qt") for name in report["qt-modules"].split()), report
    assert report["app-id"] == APP_ID == "org.privacydesk.PrivacyDesk"
    assert report["icon"] == "16 24 32 48 64 128 256 512"
    assert result.stderr == "", describe(result)
    assert keyring_entries(tmp_path) is None, "without --service nothing is written"


def test_self_test_fails_when_a_translation_is_missing(tmp_path: Path) -> None:
    # A build that shipped the English .qm but lost the Dutch one.
    shipped = tmp_path / "resources"
    (shipped / "translations").mkdir(parents=True)
    english = REPO_ROOT / "resources" / "translations" / "privacy_desk_en.qm"
    (shipped / "translations" / english.name).write_bytes(english.read_bytes())
    probe = textwrap.dedent(
        f"""\
        import sys
        from pathlib import Path
        import app.ui.i18n
        app.ui.i18n.resources_dir = lambda: Path({str(shipped)!r})
        from app.main import main
        sys.exit(main(["--self-test"]))
        """
    )
    result = run(["-c", probe], child_env(tmp_path))

    assert result.returncode != 0, describe(result)
    assert fields(result.stdout)["translations"] == "en", describe(result)
    assert "privacy_desk_nl.qm is missing" in result.stderr, describe(result)
    assert fields(result.stdout)["icon"] == "missing", describe(result)
    assert "Traceback" not in result.stderr, describe(result)


def test_self_test_fails_when_the_widgets_cannot_be_imported(tmp_path: Path) -> None:
    # What a frozen build that left out a module the widgets import looks like.
    probe = textwrap.dedent(
        """\
        import sys
        from importlib.abc import MetaPathFinder

        class LeftOut(MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "app.ui.main_window":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, LeftOut())
        from app.main import main
        sys.exit(main(["--self-test"]))
        """
    )
    result = run(["-c", probe], child_env(tmp_path))

    assert result.returncode != 0, describe(result)
    assert fields(result.stdout)["qt-modules"] == "missing", describe(result)
    assert "app.ui.main_window" in result.stderr, describe(result)
    assert "Traceback" not in result.stderr, describe(result)


def test_self_test_fails_without_a_usable_keyring(tmp_path: Path) -> None:
    result = run(
        ["-m", "app", "--self-test"], child_env(tmp_path, PYTHON_KEYRING_BACKEND=FAIL_KEYRING)
    )

    assert result.returncode != 0, describe(result)
    assert fields(result.stdout)["keyring"] == FAIL_KEYRING
    assert "self-test failed: keyring:" in result.stderr, describe(result)
    assert "Traceback" not in result.stderr, describe(result)


def test_service_goes_only_with_self_test(tmp_path: Path) -> None:
    result = run(["-m", "app", "--service", "http://127.0.0.1:9"], child_env(tmp_path))

    assert result.returncode == 2, describe(result)
    assert "--service goes with --self-test" in result.stderr


# -- --self-test --service: the round trip ------------------------------------------------


def test_service_round_trip_keeps_the_sign_in_in_the_keyring_then_leaves_nothing(
    tmp_path: Path, live_service: EmbeddedService
) -> None:
    before = service_choices(live_service, USER_EMAIL, USER_PASSWORD)
    env = child_env(tmp_path, **{EMAIL_VARIABLE: USER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD})

    result = run(["-m", "app", "--self-test", "--service", live_service.base_url], env)

    assert result.returncode == 0, describe(result)
    report = fields(result.stdout)
    assert report["service"] == live_service.base_url
    assert report["signed-in"] == USER_EMAIL
    assert report["keyring-stored"] == f"ok ({FILE_KEYRING})"
    assert report["choices"] == str(len(before))
    flipped = re.fullmatch(r"(X\d+) (on|off) -> (on|off) -> (on|off)", report["flipped"])
    assert flipped is not None, report
    choice_id, was, to, back = flipped.groups()
    assert was == back != to
    assert report["receipts"] == "2 verified"  # one signed receipt per change, both checked
    assert report["signed-out"] == "ok"
    assert report["keyring-cleared"] == "ok"
    steps = [line.partition(":")[0] for line in result.stdout.splitlines()]
    assert steps[-8:] == [
        "service",
        "signed-in",
        "keyring-stored",
        "choices",
        "flipped",
        "receipts",
        "signed-out",
        "keyring-cleared",
    ]
    assert USER_PASSWORD not in result.stdout + result.stderr
    # The service saw both changes, and holds the value it started with.
    assert (was == "on") is before[choice_id]
    assert receipt_values(live_service, choice_id)[-2:] == [to == "on", was == "on"]
    assert service_choices(live_service, USER_EMAIL, USER_PASSWORD) == before
    # The keyring was written to, and is empty again.
    assert keyring_entries(tmp_path) == {}


@pytest.mark.secret_service
def test_service_round_trip_through_a_real_secret_service(
    tmp_path: Path, live_service: EmbeddedService
) -> None:
    """What the installed-package smoke test does on Linux: gnome-keyring on a private bus."""
    result = run_under_secret_service(
        [sys.executable, "-m", "app", "--self-test", "--service", live_service.base_url],
        tmp_path,
        **{EMAIL_VARIABLE: USER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD},
    )

    assert result.returncode == 0, describe(result)
    report = fields(result.stdout)
    assert report["keyring-stored"] == f"ok ({OUR_BACKEND})", describe(result)
    assert report["keyring-cleared"] == "ok"


def test_service_round_trip_fails_when_the_keyring_keeps_nothing(
    tmp_path: Path, live_service: EmbeddedService
) -> None:
    env = child_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND=FAIL_KEYRING,
        **{EMAIL_VARIABLE: USER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD},
    )
    before = service_choices(live_service, USER_EMAIL, USER_PASSWORD)

    result = run(["-m", "app", "--self-test", "--service", live_service.base_url], env)

    assert result.returncode != 0, describe(result)
    report = fields(result.stdout)
    assert report["signed-in"] == USER_EMAIL
    assert "keyring-stored" not in report and "flipped" not in report, describe(result)
    assert "self-test failed: keyring-stored: the keyring did not keep" in result.stderr
    assert "Traceback" not in result.stderr, describe(result)
    assert service_choices(live_service, USER_EMAIL, USER_PASSWORD) == before


def test_service_round_trip_leaves_a_sign_in_the_app_keeps_alone(
    tmp_path: Path, live_service: EmbeddedService
) -> None:
    """The app on this computer is signed in to the same account: the self-test must not
    replace or remove that keyring entry."""
    client = PrivacyClient(live_service.base_url)
    grant = client.password_grant(USER_EMAIL, USER_PASSWORD)
    client.revoke(grant.refresh_token)
    apps_entry = f"{live_service.base_url} {grant.user_id}"
    FileKeyring(tmp_path / "keyring.json").set_password("privacy-desk", apps_entry, "apps-own")
    env = child_env(tmp_path, **{EMAIL_VARIABLE: USER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD})

    result = run(["-m", "app", "--self-test", "--service", live_service.base_url], env)

    assert result.returncode != 0, describe(result)
    assert "already keeps a sign-in for this account" in result.stderr, describe(result)
    assert "flipped" not in fields(result.stdout)
    assert keyring_entries(tmp_path) == {json.dumps(["privacy-desk", apps_entry]): "apps-own"}


def test_service_round_trip_with_a_wrong_password_fails_at_sign_in(
    tmp_path: Path, live_service: EmbeddedService
) -> None:
    env = child_env(tmp_path, **{EMAIL_VARIABLE: OTHER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD})

    result = run(["-m", "app", "--self-test", "--service", live_service.base_url], env)

    assert result.returncode != 0, describe(result)
    assert "signed-in" not in fields(result.stdout), describe(result)
    assert "self-test failed: signed-in: sign_in_refused" in result.stderr, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
    assert keyring_entries(tmp_path) is None
    assert service_choices(live_service, OTHER_EMAIL, OTHER_PASSWORD)  # still signs in


def test_service_round_trip_takes_the_account_only_from_the_environment(
    tmp_path: Path, live_service: EmbeddedService
) -> None:
    result = run(
        ["-m", "app", "--self-test", "--service", live_service.base_url], child_env(tmp_path)
    )

    assert result.returncode != 0, describe(result)
    assert EMAIL_VARIABLE in result.stderr and PASSWORD_VARIABLE in result.stderr
    assert "signed-in" not in fields(result.stdout)


def test_service_round_trip_refuses_plain_http_beyond_this_computer(tmp_path: Path) -> None:
    env = child_env(tmp_path, **{EMAIL_VARIABLE: USER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD})

    result = run(["-m", "app", "--self-test", "--service", "http://privacy.example"], env)

    assert result.returncode != 0, describe(result)
    assert "self-test failed: service:" in result.stderr, describe(result)
    assert "signed-in" not in fields(result.stdout)


def test_a_change_the_service_does_not_keep_fails_the_round_trip(
    qapp: object,
    live_service: EmbeddedService,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In-process, with the PATCH quietly dropped: the fresh read must catch it."""
    monkeypatch.setattr(PrivacyClient, "change_choices_with_receipts", lambda *_args: (None, ()))
    out, err = io.StringIO(), io.StringIO()

    status = run_self_test(
        TokenVault(memory_keyring),
        "en",
        service=live_service.base_url,
        environ={EMAIL_VARIABLE: USER_EMAIL, PASSWORD_VARIABLE: USER_PASSWORD},
        out=out,
        err=err,
    )

    assert status != 0
    report = fields(out.getvalue())
    assert report["choices"] == "9" and "flipped" not in report, out.getvalue()
    assert "self-test failed: flipped:" in err.getvalue()
    assert "but a fresh read says" in err.getvalue()
    assert memory_keyring.entries == {}, "a failed round trip still signs out"
