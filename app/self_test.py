"""`privacy-desk --self-test`: what an installed package runs on, checked and printed.

The installer smoke tests run this from the installed package, so it checks what a broken
build gets wrong: the version metadata, the translations, the Qt modules the widgets
import, the icon, a usable keyring. It prints one `key: value` line per fact and exits
non-zero when anything is missing, with a sentence on stderr for each failure.

`--service URL` adds a round trip against a real service, as the installed app would do
it: sign in with a password, keep the refresh token in the real keyring and sign in again
from it, read the choices, flip one and flip it back (each confirmed by a fresh read),
sign out, and check that the keyring entry is gone. The e-mail address and the password
come from the environment, never from the command line (which other users can see).
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:  # the module is imported for --help and --version too: no keyring, no Qt
    from app.auth.vault import TokenVault, VaultResult

EMAIL_VARIABLE = "PRIVACY_DESK_SELF_TEST_EMAIL"
PASSWORD_VARIABLE = "PRIVACY_DESK_SELF_TEST_PASSWORD"
# Every app module with widgets is reachable from these (the start path, and the main window
# it imports once the first window is painted); importing them imports every Qt module the
# app uses, so a frozen build that left one out fails at this import.
UI_ENTRY_MODULES = ("app.ui.desk", "app.ui.main_window")

T = TypeVar("T")


class StepFailed(Exception):
    def __init__(self, step: str, message: str) -> None:
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = message


class SelfTest:
    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out = out
        self.err = err
        self.failures: list[str] = []

    def line(self, key: str, value: object) -> None:
        print(f"{key}: {value}", file=self.out, flush=True)

    def fail(self, step: str, message: str) -> None:
        self.failures.append(step)
        print(f"self-test failed: {step}: {message}", file=self.err, flush=True)

    @property
    def status(self) -> int:
        return 1 if self.failures else 0


def run_self_test(
    vault: TokenVault,
    language: str,
    *,
    demo: bool = False,
    service: str | None = None,
    environ: Mapping[str, str] = os.environ,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Call with the QApplication created and the translations installed."""
    test = SelfTest(out or sys.stdout, err or sys.stderr)
    _check_installation(test, vault, language)
    try:
        if demo:
            _demo_round_trip(test, vault, language)
        if service is not None:
            _service_round_trip(test, vault, language, service, environ)
    except StepFailed as failure:
        test.fail(failure.step, failure.message)
    except Exception as error:  # a smoke test reports, whatever went wrong
        test.fail("service", f"unexpected {_describe(error)}")
        traceback.print_exc(file=test.err)
    return test.status


# -- what the installation holds ----------------------------------------------------------


def _check_installation(test: SelfTest, vault: TokenVault, language: str) -> None:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    from app.identity import APP_ID, UNKNOWN_VERSION, VERSION

    test.line("version", VERSION)
    if VERSION == UNKNOWN_VERSION:
        test.fail(
            "version",
            "the package metadata of privacy-desk is missing (a frozen build needs copy_metadata)",
        )
    test.line("qt", f"{qVersion()} (PySide6 {pyside_version})")
    test.line("platform", QGuiApplication.platformName())
    test.line("language", language)
    test.line("keyring", vault.backend_name())
    if not vault.usable():
        test.fail("keyring", f"{vault.backend_name()} keeps nothing: no usable keyring")
    _check_translations(test)
    _check_qt_modules(test)
    test.line("app-id", APP_ID)
    _check_icon(test)


def _check_translations(test: SelfTest) -> None:
    from PySide6.QtCore import QTranslator

    from app.ui import i18n

    folder = i18n.resources_dir() / "translations"
    found = []
    for language in i18n.SUPPORTED_LANGUAGES:
        translator = QTranslator()
        path = folder / f"privacy_desk_{language}.qm"
        if translator.load(str(path)) and not translator.isEmpty():
            found.append(language)
        else:
            test.fail("translations", f"{path} is missing or does not load")
    test.line("translations", " ".join(found))


def _check_qt_modules(test: SelfTest) -> None:
    import importlib

    try:
        for module in UI_ENTRY_MODULES:
            importlib.import_module(module)
    except ImportError as error:
        test.line("qt-modules", "missing")
        test.fail("qt-modules", f"the app's widgets do not import: {error}")
        return
    loaded = sorted(
        name.removeprefix("PySide6.")
        for name in sys.modules
        if name.startswith("PySide6.Qt") and "." not in name.removeprefix("PySide6.")
    )
    test.line("qt-modules", " ".join(loaded))


def _check_icon(test: SelfTest) -> None:
    from app.identity import APP_ID
    from app.ui import i18n

    hicolor = i18n.resources_dir() / "icons" / "hicolor"
    sizes = sorted(
        int(folder.name.split("x")[0])
        for folder in (hicolor.iterdir() if hicolor.is_dir() else ())
        if (folder / "apps" / f"{APP_ID}.png").is_file()
    )
    test.line("icon", " ".join(str(size) for size in sizes) or "missing")
    if not sizes:
        test.fail("icon", f"no {APP_ID}.png under {hicolor}")


# -- round trips --------------------------------------------------------------------------


def _demo_round_trip(test: SelfTest, vault: TokenVault, language: str) -> None:
    """The demo account on an in-process service; the keyring is never asked (demo mode)."""
    from app.api.client import PrivacyClient
    from app.auth.session import AuthSession
    from app.demo import start_demo_service

    try:
        demo = start_demo_service()
    except RuntimeError as error:  # installed without the service
        raise StepFailed("service", str(error)) from None
    try:
        client = PrivacyClient(demo.base_url, language=language)
        grant = _at("signed-in", lambda: client.password_grant(demo.email, demo.password))
        session = AuthSession(client, vault, grant, keep_in_keyring=False)
        values = _at("choices", lambda: session.call(client.choices))
        test.line("service", demo.base_url)
        test.line("signed-in", session.account.email)
        test.line("choices", len(values.values))
        session.sign_out()
    finally:
        demo.stop()


def _service_round_trip(
    test: SelfTest, vault: TokenVault, language: str, url: str, environ: Mapping[str, str]
) -> None:
    from app.api.client import PrivacyClient
    from app.api.errors import FailureKind, ServiceError
    from app.auth.session import AuthSession, KeyringUnavailable
    from app.auth.vault import VaultStatus
    from app.core.receipts import verify_receipt
    from app.core.service_address import InvalidServiceAddress, normalise_service_address

    try:
        address = normalise_service_address(url)
    except InvalidServiceAddress as error:
        raise StepFailed(
            "service", f"{url!r} cannot be used ({error.reason}): https, or http on loopback"
        ) from None
    test.line("service", address)
    email = environ.get(EMAIL_VARIABLE, "")
    password = environ.get(PASSWORD_VARIABLE, "")
    if not email or not password:
        raise StepFailed(
            "signed-in", f"set {EMAIL_VARIABLE} and {PASSWORD_VARIABLE} to a test account"
        )

    client = PrivacyClient(address, language=language)
    grant = _at("signed-in", lambda: client.password_grant(email, password))
    session = AuthSession(client, vault, grant, keep_in_keyring=True)
    test.line("signed-in", session.account.email)
    key = session.account.vault_key
    ours_in_keyring = False  # only then may the clean-up remove the keyring entry
    signed_out = False
    restore: Callable[[], None] | None = None
    try:
        if vault.load(key).ok:
            # The app on this computer is signed in to this very account: storing ours
            # would replace that sign-in, and signing out would then remove it.
            raise StepFailed(
                "keyring-stored",
                "this keyring already keeps a sign-in for this account on this service; "
                "the self-test leaves it alone: use a test account, or sign out of the app first",
            )
        ours_in_keyring = True
        stored = session.save_refresh_token()
        if not stored.ok:
            raise StepFailed(
                "keyring-stored", f"the keyring did not keep the sign-in ({_vault(stored)})"
            )
        loaded = vault.load(key)
        if not loaded.ok or not loaded.token:
            raise StepFailed(
                "keyring-stored", f"stored, but reading it back failed ({_vault(loaded)})"
            )
        # Sign in again from what the keyring holds, as the app does when it starts.
        user_id = session.account.user_id
        try:
            session = _at("keyring-stored", lambda: AuthSession.resume(client, vault, user_id))
        except KeyringUnavailable as error:
            raise StepFailed(
                "keyring-stored", f"the keyring could not be read ({_vault(error.result)})"
            ) from None
        test.line("keyring-stored", f"ok ({vault.backend_name()})")

        values = _at("choices", lambda: session.call(client.choices))
        if not values.values:
            raise StepFailed("choices", "the service declares no choices")
        test.line("choices", len(values.values))

        choice = values.values[0]
        was, flipped_to = choice.value, not choice.value

        keys = _at("receipts", client.public_keys)
        receipts_checked = 0

        def change_to(value: bool, etag: str) -> None:
            nonlocal receipts_checked
            _values, receipts = session.call(
                lambda token: client.change_choices_with_receipts(token, etag, {choice.id: value})
            )
            confirmed = session.call(client.choices).value_of(choice.id)
            if confirmed is not value:
                raise StepFailed(
                    "flipped",
                    f"{choice.id} was set {_on(value)}, but a fresh read says {_on(confirmed)}",
                )
            # The receipt check (Ed25519, app/core/ed25519.py) runs in the installed app too.
            if not receipts or not all(verify_receipt(r, keys) for r in receipts):
                raise StepFailed("receipts", "a receipt for the change does not verify")
            receipts_checked += len(receipts)

        def change_back() -> None:
            change_to(was, session.call(client.choices).etag)

        restore = change_back  # from here on, a failure sets the choice back on the way out
        _at("flipped", lambda: change_to(flipped_to, values.etag))
        _at("flipped", change_back)
        restore = None
        test.line("flipped", f"{choice.id} {_on(was)} -> {_on(flipped_to)} -> {_on(was)}")
        test.line("receipts", f"{receipts_checked} verified")

        current = vault.load(key)
        signed_out = True
        result = session.sign_out()
        if not result.ok:
            raise StepFailed(
                "signed-out", f"the keyring entry could not be removed ({_vault(result)})"
            )
        if current.token:
            # The service must have ended the sign-in: its last refresh token is refused now.
            try:
                client.refresh_grant(current.token)
            except ServiceError as error:
                if error.kind is not FailureKind.SIGN_IN_REFUSED:
                    raise StepFailed(
                        "signed-out", f"could not check the sign-out: {_describe(error)}"
                    ) from None
            else:
                raise StepFailed(
                    "signed-out", "the service still accepts the sign-in after signing out"
                )
        test.line("signed-out", "ok")

        after = vault.load(key)
        if after.status is not VaultStatus.NOT_FOUND:
            problem = "is still there" if after.ok else f"could not be read ({_vault(after)})"
            raise StepFailed("keyring-cleared", f"the keyring entry {problem} after signing out")
        test.line("keyring-cleared", "ok")
    finally:
        # Whatever failed, leave the account's choices and the keyring as they were.
        if restore is not None:
            try:
                restore()
            except (ServiceError, StepFailed) as error:
                test.fail("flipped", f"could not set the choice back: {error}")
        if not signed_out and ours_in_keyring:
            session.sign_out()
        elif not signed_out:
            with contextlib.suppress(ServiceError):
                client.revoke(grant.refresh_token)  # end our sign-in, touch no keyring entry


def _at(step: str, action: Callable[[], T]) -> T:
    """Run one step; a failed call to the service fails that step with a sentence."""
    from app.api.errors import ServiceError

    try:
        return action()
    except ServiceError as error:
        raise StepFailed(step, _describe(error)) from None


def _describe(error: Exception) -> str:
    from app.api.errors import ServiceError

    if isinstance(error, ServiceError):
        status = f" (HTTP {error.status})" if error.status else ""
        detail = f": {error.detail}" if error.detail else ""
        return f"{error.kind.value}{status}{detail}"
    return f"{type(error).__name__}: {error}"


def _vault(result: VaultResult) -> str:
    return f"{result.status.value} {result.detail}".strip()


def _on(value: bool | None) -> str:
    return "missing" if value is None else "on" if value else "off"
