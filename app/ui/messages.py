"""Every failure gets a sentence: what happened and what to do next, translated."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.api.errors import FailureKind, ServiceError
from app.auth.vault import VaultResult, VaultStatus
from app.core.service_address import (
    REASON_EMPTY,
    REASON_NO_HOST,
    REASON_PLAIN_HTTP,
    InvalidServiceAddress,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def describe_service_error(error: ServiceError) -> str:
    kind = error.kind
    if kind is FailureKind.OFFLINE:
        return _tr(
            "Can't reach the privacy service. Check your connection and the service address, then try again."
        )
    if kind is FailureKind.TIMEOUT:
        return _tr("The privacy service took too long to answer. Try again in a moment.")
    if kind is FailureKind.CERTIFICATE:
        return _tr(
            "The service's security certificate is not trusted, so nothing was sent. Check the service address."
        )
    if kind is FailureKind.SERVER_ERROR:
        return _tr("The privacy service ran into a problem on its side. Try again later.")
    if kind is FailureKind.BAD_ANSWER:
        return _tr(
            "The privacy service sent an answer the app doesn't understand. Check the service address, or update the app."
        )
    if kind is FailureKind.SESSION_EXPIRED:
        return _tr("Your session has ended. Please sign in again.")
    if kind is FailureKind.SIGN_IN_REFUSED:
        return _tr(
            "That e-mail address and password don't match an account. Check them and try again."
        )
    if kind is FailureKind.CONFLICT:
        return _tr(
            "Your choices were changed somewhere else in the meantime. The app reloaded them; please check and try again."
        )
    if kind is FailureKind.RATE_LIMITED:
        return _tr("Too many attempts in a short time. Wait a minute, then try again.")
    return _tr("The privacy service did not accept this request.")


def describe_failure(error: BaseException) -> str:
    if isinstance(error, ServiceError):
        return describe_service_error(error)
    if isinstance(error, InvalidServiceAddress):
        return describe_address_problem(error)
    return _tr(
        "Something unexpected went wrong. Try again; if it keeps happening, restart the app."
    )


def describe_address_problem(error: InvalidServiceAddress) -> str:
    if error.reason == REASON_EMPTY:
        return _tr("Enter the address of your privacy service.")
    if error.reason == REASON_PLAIN_HTTP:
        return _tr(
            "The address must start with https://. Plain http:// is only allowed on this computer."
        )
    if error.reason == REASON_NO_HOST:
        return _tr("That address has no server name in it.")
    return _tr("That is not a web address the app can use.")


def describe_vault_problem(result: VaultResult) -> str:
    if result.status is VaultStatus.LOCKED:
        return _tr(
            "Your system keyring is locked. Unlock it and try again, or stay signed in for this session only."
        )
    if result.status is VaultStatus.NO_KEYRING:
        return _tr(
            "This system has no keyring the app can use, so you will have to sign in again next time. You are signed in for this session only."
        )
    if result.status is VaultStatus.REFUSED:
        return _tr(
            "Your system keyring refused to save the sign-in. Try again, or stay signed in for this session only."
        )
    return _tr(
        "Your system keyring could not be used. Try again, or stay signed in for this session only."
    )
