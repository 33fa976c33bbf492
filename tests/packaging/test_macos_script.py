"""packaging/macos/build-dmg.sh: lint, and its steps run against stand-ins for Apple's tools.

codesign, hdiutil, ditto, xcrun and plutil are replaced by small recorders, so this shows
which commands the script runs, in which order and with which arguments, for each set of
signing and notary variables. That the real tools accept them is only shown on macOS.
"""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "packaging" / "macos" / "build-dmg.sh"
ENTITLEMENTS = REPO_ROOT / "packaging" / "macos" / "entitlements.plist"
IDENTITY = "Developer ID Application: Privacy Desk Test (ABCDE12345)"
TIMEOUT_SECONDS = 60

# Each stand-in appends [tool, *arguments] to $FAKE_TOOL_LOG as one JSON line.
RECORDER = textwrap.dedent(
    """\
    import json, os, pathlib, shutil, sys

    tool = pathlib.Path(sys.argv[0]).name
    args = sys.argv[1:]
    record = [tool, *args]
    if tool == "hdiutil" and args[:1] == ["create"]:
        source = pathlib.Path(args[args.index("-srcfolder") + 1])
        record.append({
            entry.name: os.readlink(entry) if entry.is_symlink() else "dir"
            for entry in sorted(source.iterdir())
        })
        pathlib.Path(args[-1]).write_bytes(b"stand-in disk image")
    with open(os.environ["FAKE_TOOL_LOG"], "a") as log:
        log.write(json.dumps(record) + "\\n")
    if tool == "ditto":
        shutil.copytree(args[0], args[1], symlinks=True)
    elif tool == "xcrun" and args[:2] == ["notarytool", "submit"]:
        print(json.dumps({"id": "f00d-1", "status": os.environ.get("FAKE_NOTARY_STATUS", "Accepted")}))
    elif tool == "plutil":
        key, path = args[args.index("-extract") + 1], args[-1]
        print(json.loads(pathlib.Path(path).read_text())[key])
    elif tool == "shasum":
        print("0" * 64 + "  " + args[-1])
    """
)
TOOLS = ("codesign", "hdiutil", "ditto", "xcrun", "plutil", "shasum")


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(
            f"{tool} not found: install it (Debian package {tool}) to check the macOS script.",
            pytrace=False,
        )
    return found


def _fake_app(root: Path) -> Path:
    app = root / "dist" / "Privacy Desk.app"
    (app / "Contents" / "MacOS").mkdir(parents=True)
    (app / "Contents" / "Frameworks").mkdir()
    (app / "Contents" / "MacOS" / "privacy-desk").write_bytes(b"stand-in")
    (app / "Contents" / "Info.plist").write_bytes(
        plistlib.dumps({"CFBundleIdentifier": "org.privacydesk.PrivacyDesk"})
    )
    return app


def _run(
    tmp_path: Path, *args: str, **env_vars: str
) -> tuple[subprocess.CompletedProcess[str], list[list[object]]]:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in TOOLS:
        stand_in = bin_dir / tool
        stand_in.write_text(f"#!{sys.executable}\n{RECORDER}")
        stand_in.chmod(0o755)
    log = tmp_path / "tools.jsonl"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PRIVACY_DESK_MACOS", "PRIVACY_DESK_NOTARY"))
    }
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env['PATH']}",
        FAKE_TOOL_LOG=str(log),
        TMPDIR=str(tmp_path),
        **env_vars,
    )
    result = subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return result, calls


def _describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def _tools(calls: list[list[object]]) -> list[str]:
    return [f"{call[0]} {call[1]}" for call in calls]


def test_script_parses_and_passes_shellcheck() -> None:
    parsed = subprocess.run(
        ["bash", "-n", str(SCRIPT)], capture_output=True, text=True, check=False
    )
    assert parsed.returncode == 0, parsed.stderr
    linted = subprocess.run(
        [_require("shellcheck"), "--shell=bash", "--severity=style", str(SCRIPT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_without_credentials_the_dmg_holds_the_app_and_an_applications_link(
    tmp_path: Path,
) -> None:
    app = _fake_app(tmp_path)
    dmg = tmp_path / "dist" / "privacy-desk-0.1.0-macos-arm64.dmg"

    result, calls = _run(tmp_path, str(app), str(dmg))

    assert result.returncode == 0, _describe(result)
    assert dmg.is_file()
    assert _tools(calls) == ["ditto " + str(app), "hdiutil create", "shasum -a"]
    create = calls[1]
    assert create[create.index("-format") + 1] == "UDZO"
    assert create[create.index("-volname") + 1] == "Privacy Desk"
    assert create[-1] == {"Applications": "/Applications", "Privacy Desk.app": "dir"}
    assert "not notarised" in result.stdout


def test_identity_and_profile_sign_notarise_and_staple_in_that_order(tmp_path: Path) -> None:
    app = _fake_app(tmp_path)
    dmg = tmp_path / "dist" / "privacy-desk-0.1.0-macos-arm64.dmg"

    result, calls = _run(
        tmp_path,
        str(app),
        str(dmg),
        PRIVACY_DESK_MACOS_IDENTITY=IDENTITY,
        PRIVACY_DESK_NOTARY_PROFILE="privacy-desk-notary",
    )

    assert result.returncode == 0, _describe(result)
    assert _tools(calls) == [
        "codesign --force",
        "codesign --verify",
        "ditto " + str(app),
        "hdiutil create",
        "codesign --force",
        "xcrun notarytool",
        "plutil -extract",
        "xcrun stapler",
        "xcrun stapler",
        "shasum -a",
    ]
    sign_app = calls[0]
    for flag in ("--deep", "--timestamp"):
        assert flag in sign_app
    assert sign_app[sign_app.index("--options") + 1] == "runtime"
    assert sign_app[sign_app.index("--entitlements") + 1] == str(ENTITLEMENTS)
    assert sign_app[-2:] == [IDENTITY, str(app)]
    assert calls[4][-1] == str(dmg)  # the disk image is signed too
    submit = calls[5]
    assert submit[:3] == ["xcrun", "notarytool", "submit"] and submit[3] == str(dmg)
    assert "--wait" in submit
    assert submit[submit.index("--keychain-profile") + 1] == "privacy-desk-notary"
    assert calls[7] == ["xcrun", "stapler", "staple", str(dmg)]


def test_api_key_notarises_without_a_profile(tmp_path: Path) -> None:
    app = _fake_app(tmp_path)
    key = tmp_path / "AuthKey_TEST.p8"
    key.write_text("stand-in")
    dmg = tmp_path / "out.dmg"

    result, calls = _run(
        tmp_path,
        str(app),
        str(dmg),
        PRIVACY_DESK_MACOS_IDENTITY=IDENTITY,
        PRIVACY_DESK_NOTARY_KEY=str(key),
        PRIVACY_DESK_NOTARY_KEY_ID="KEY123",
        PRIVACY_DESK_NOTARY_ISSUER="issuer-uuid",
    )

    assert result.returncode == 0, _describe(result)
    submit = next(call for call in calls if call[:3] == ["xcrun", "notarytool", "submit"])
    assert submit[submit.index("--key") + 1] == str(key)
    assert submit[submit.index("--key-id") + 1] == "KEY123"
    assert submit[submit.index("--issuer") + 1] == "issuer-uuid"


def test_rejected_notarisation_fails_shows_the_log_and_staples_nothing(tmp_path: Path) -> None:
    app = _fake_app(tmp_path)
    dmg = tmp_path / "out.dmg"

    result, calls = _run(
        tmp_path,
        str(app),
        str(dmg),
        PRIVACY_DESK_MACOS_IDENTITY=IDENTITY,
        PRIVACY_DESK_NOTARY_PROFILE="privacy-desk-notary",
        FAKE_NOTARY_STATUS="Invalid",
    )

    assert result.returncode != 0
    assert "status Invalid" in result.stderr
    assert [
        "xcrun",
        "notarytool",
        "log",
        "f00d-1",
        "--keychain-profile",
        "privacy-desk-notary",
    ] in calls
    assert not any(call[:2] == ["xcrun", "stapler"] for call in calls)


@pytest.mark.parametrize(
    ("env_vars", "message"),
    [
        ({"PRIVACY_DESK_NOTARY_PROFILE": "p"}, "set PRIVACY_DESK_MACOS_IDENTITY"),
        (
            {"PRIVACY_DESK_MACOS_IDENTITY": IDENTITY, "PRIVACY_DESK_NOTARY_KEY_ID": "KEY123"},
            "_KEY_ID and _ISSUER together",
        ),
    ],
)
def test_incomplete_credentials_stop_before_anything_is_built(
    tmp_path: Path, env_vars: dict[str, str], message: str
) -> None:
    app = _fake_app(tmp_path)

    result, calls = _run(tmp_path, str(app), str(tmp_path / "out.dmg"), **env_vars)

    assert result.returncode != 0
    assert message in result.stderr
    assert calls == []


def test_missing_app_bundle_is_refused(tmp_path: Path) -> None:
    result, calls = _run(tmp_path, str(tmp_path / "Privacy Desk.app"), str(tmp_path / "out.dmg"))

    assert result.returncode != 0
    assert "run PyInstaller first" in result.stderr
    assert calls == []


def test_entitlements_keep_library_validation_and_ask_for_no_jit() -> None:
    entitlements = plistlib.loads(ENTITLEMENTS.read_bytes())

    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
