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
from app.local import atomic


def describe_service_error(error: ServiceError) -> str:
    kind = error.kind
    if kind is FailureKind.OFFLINE:
        return QCoreApplication.translate(
            "Messages",
            "Can't reach the privacy service. Check your connection and the service address, then try again.",
        )
    if kind is FailureKind.TIMEOUT:
        return QCoreApplication.translate(
            "Messages", "The privacy service took too long to answer. Try again in a moment."
        )
    if kind is FailureKind.CERTIFICATE:
        return QCoreApplication.translate(
            "Messages",
            "The service's security certificate is not trusted, so nothing was sent. Check the service address.",
        )
    if kind is FailureKind.SERVER_ERROR:
        return QCoreApplication.translate(
            "Messages", "The privacy service ran into a problem on its side. Try again later."
        )
    if kind is FailureKind.BAD_ANSWER:
        return QCoreApplication.translate(
            "Messages",
            "The privacy service sent an answer the app doesn't understand. Check the service address, or update the app.",
        )
    if kind is FailureKind.SESSION_EXPIRED:
        return QCoreApplication.translate(
            "Messages", "Your session has ended. Please sign in again."
        )
    if kind is FailureKind.SIGN_IN_REFUSED:
        return QCoreApplication.translate(
            "Messages",
            "That e-mail address and password don't match an account. Check them and try again.",
        )
    if kind is FailureKind.ACCOUNT_DELETED:
        return QCoreApplication.translate(
            "Messages",
            "This account was deleted at your request, so it can no longer sign in. Nothing more is kept about it beyond the proof of its deletion.",
        )
    if kind is FailureKind.CONFLICT:
        return QCoreApplication.translate(
            "Messages",
            "Your choices were changed somewhere else in the meantime. The app reloaded them; please check and try again.",
        )
    if kind is FailureKind.RATE_LIMITED:
        return QCoreApplication.translate(
            "Messages", "Too many attempts in a short time. Wait a minute, then try again."
        )
    return QCoreApplication.translate(
        "Messages", "The privacy service did not accept this request."
    )


def describe_failure(error: BaseException) -> str:
    if isinstance(error, atomic.LocalWriteFailed):
        return describe_local_write_problem(error)
    if isinstance(error, ServiceError):
        return describe_service_error(error)
    if isinstance(error, InvalidServiceAddress):
        return describe_address_problem(error)
    return QCoreApplication.translate(
        "Messages",
        "Something unexpected went wrong. Try again; if it keeps happening, restart the app.",
    )


def describe_address_problem(error: InvalidServiceAddress) -> str:
    if error.reason == REASON_EMPTY:
        return QCoreApplication.translate("Messages", "Enter the address of your privacy service.")
    if error.reason == REASON_PLAIN_HTTP:
        return QCoreApplication.translate(
            "Messages",
            "The address must start with https://. Plain http:// is only allowed on this computer.",
        )
    if error.reason == REASON_NO_HOST:
        return QCoreApplication.translate("Messages", "That address has no server name in it.")
    return QCoreApplication.translate("Messages", "That is not a web address the app can use.")


def describe_vault_problem(result: VaultResult) -> str:
    if result.status is VaultStatus.LOCKED:
        return QCoreApplication.translate(
            "Messages",
            "Your system keyring is locked. Unlock it and try again, or stay signed in for this session only.",
        )
    if result.status is VaultStatus.NO_KEYRING:
        return QCoreApplication.translate(
            "Messages",
            "This system has no keyring the app can use, so you will have to sign in again next time. You are signed in for this session only.",
        )
    if result.status is VaultStatus.REFUSED:
        return QCoreApplication.translate(
            "Messages",
            "Your system keyring refused to save the sign-in. Try again, or stay signed in for this session only.",
        )
    return QCoreApplication.translate(
        "Messages",
        "Your system keyring could not be used. Try again, or stay signed in for this session only.",
    )


def describe_local_write_problem(error: atomic.LocalWriteFailed) -> str:
    """Why a file on this computer was not written, what that was, and what to do.

    Separate whole sentences, so each translates on its own. The previous file is never
    touched by a failed write, so the message can promise that nothing older was lost.
    """
    folder = str(error.folder)
    if error.reason == atomic.DISK_FULL:
        why = QCoreApplication.translate("Messages", "The disk that holds %1 is full.")
        step = QCoreApplication.translate("Messages", "Free some space on it, then try again.")
    elif error.reason == atomic.READ_ONLY:
        why = QCoreApplication.translate("Messages", "The folder %1 is read-only.")
        step = QCoreApplication.translate("Messages", "Make it writable, then try again.")
    elif error.reason == atomic.NOT_ALLOWED:
        why = QCoreApplication.translate(
            "Messages", "Privacy Desk is not allowed to write in the folder %1."
        )
        step = QCoreApplication.translate(
            "Messages", "Check who may write in that folder, then try again."
        )
    else:
        why = QCoreApplication.translate(
            "Messages", "Privacy Desk could not write in the folder %1."
        )
        step = QCoreApplication.translate(
            "Messages", "Try again; if it keeps happening, check the disk."
        )
    if error.subject == atomic.SUBJECT_CHOICE_CHANGE:
        what = QCoreApplication.translate(
            "Messages", "Your privacy choice change was not saved on this computer."
        )
    elif error.subject == atomic.SUBJECT_EVIDENCE:
        what = QCoreApplication.translate(
            "Messages", "The service's latest confirmation was not added to your evidence log."
        )
    elif error.subject == atomic.SUBJECT_SETTINGS:
        what = QCoreApplication.translate("Messages", "Your settings were not saved.")
    elif error.subject == atomic.SUBJECT_LAST_SEEN_CHOICES:
        what = QCoreApplication.translate(
            "Messages", "The app's note of your current choices was not saved."
        )
    else:
        what = QCoreApplication.translate("Messages", "The file was not saved.")
    kept = QCoreApplication.translate("Messages", "Nothing saved earlier was lost.")
    return " ".join((why.replace("%1", folder), what, kept, step))
