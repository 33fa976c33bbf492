"""Every failure gets a sentence: what happened and what to do next, translated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.api.errors import FailureKind, ServiceError
from app.auth.oauth import SignInStopped, StopReason
from app.auth.session import SignInKept
from app.auth.vault import VaultResult, VaultStatus
from app.core.evidence_chain import ChainVerdict
from app.core.service_address import (
    REASON_EMPTY,
    REASON_NO_HOST,
    REASON_PLAIN_HTTP,
    InvalidServiceAddress,
)
from app.local import atomic
from app.local.access_copy import CopyProblem, CopyUnreadable
from app.local.evidence_store import EvidenceDamaged, EvidenceVerdict
from app.ui.plurals import PLURALS


def describe_service_error(
    error: ServiceError, *, app_retries: bool = False, with_next_step: bool = True
) -> str:
    """What happened, then what happens next.

    `app_retries` is for places that try again by themselves (the choice sync, a download):
    there the next step is the app's, not a Try again button the user must press.
    `with_next_step=False` leaves the next step to the caller, who knows it better.
    """
    if error.kind is FailureKind.CERTIFICATE and error.certificate is not None:
        from app.ui.certificate_messages import describe_certificate_problem

        return describe_certificate_problem(error.certificate)
    if error.kind is FailureKind.REDIRECTED:
        from app.ui.certificate_messages import describe_redirect

        return describe_redirect(error)
    what, user_step, app_step = _service_error_parts(error.kind)
    if not with_next_step or user_step is None:
        return what
    return f"{what} {app_step if app_retries else user_step}"


def _service_error_parts(kind: FailureKind) -> tuple[str, str | None, str | None]:
    """(what happened, the user's next step, the app's next step); no steps when the
    sentence about what happened already says what to do."""

    try_again = QCoreApplication.translate("Messages", "Try again in a moment.")
    app_again = QCoreApplication.translate("Messages", "The app tries again by itself in a moment.")
    wait_a_minute = QCoreApplication.translate("Messages", "Wait a minute, then try again.")
    if kind is FailureKind.OFFLINE:
        return (
            QCoreApplication.translate(
                "Messages", "Can't reach the privacy service, so nothing was sent."
            ),
            QCoreApplication.translate(
                "Messages", "Check your connection and the service address, then try again."
            ),
            QCoreApplication.translate(
                "Messages", "The app tries again by itself once the connection is back."
            ),
        )
    if kind is FailureKind.CONNECTION_LOST:
        return (
            QCoreApplication.translate(
                "Messages",
                "The connection to the privacy service broke before its answer arrived.",
            ),
            try_again,
            app_again,
        )
    if kind is FailureKind.TIMEOUT:
        return (
            QCoreApplication.translate("Messages", "The privacy service took too long to answer."),
            try_again,
            app_again,
        )
    if kind is FailureKind.SERVICE_BUSY:
        return (
            QCoreApplication.translate(
                "Messages", "The privacy service is busy or restarting at the moment."
            ),
            wait_a_minute,
            app_again,
        )
    if kind is FailureKind.SERVER_ERROR:
        return (
            QCoreApplication.translate(
                "Messages", "The privacy service ran into a problem on its side."
            ),
            QCoreApplication.translate(
                "Messages",
                "Try again later; if it keeps happening, tell the service's operator.",
            ),
            app_again,
        )
    if kind is FailureKind.CUT_OFF:
        return (
            QCoreApplication.translate(
                "Messages", "The privacy service's answer was cut off on the way."
            ),
            try_again,
            app_again,
        )
    if kind is FailureKind.BAD_ANSWER:
        check = QCoreApplication.translate(
            "Messages",
            "Check the service address; if it is right, a newer version of Privacy Desk may be needed for this service.",
        )
        return (
            QCoreApplication.translate(
                "Messages",
                "The privacy service answered, but in a form this version of the app doesn't understand.",
            ),
            check,
            check,
        )
    if kind is FailureKind.RATE_LIMITED:
        return (
            QCoreApplication.translate("Messages", "Too many attempts in a short time."),
            wait_a_minute,
            QCoreApplication.translate("Messages", "The app tries again by itself in a minute."),
        )
    return _whole_sentence(kind), None, None


def _whole_sentence(kind: FailureKind) -> str:
    """Failures whose one sentence says both what happened and what to do."""
    if kind is FailureKind.CERTIFICATE:
        return QCoreApplication.translate(
            "Messages",
            "The service's security certificate is not trusted, so nothing was sent. Check the service address.",
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
    if kind is FailureKind.ALREADY_REQUESTED:
        return QCoreApplication.translate(
            "Messages",
            "Your account is already scheduled for deletion. You find that request in the list.",
        )
    if kind is FailureKind.NO_LONGER_POSSIBLE:
        return QCoreApplication.translate("Messages", "This request can no longer be cancelled.")
    if kind is FailureKind.COPY_GONE:
        return QCoreApplication.translate(
            "Messages", "This copy is no longer available. Ask for a new copy."
        )
    if kind is FailureKind.CHECKSUM_MISMATCH:
        return QCoreApplication.translate(
            "Messages",
            "The downloaded copy does not match the checksum the service announced, so it was thrown away. Try again.",
        )
    if kind is FailureKind.CONFLICT:
        return QCoreApplication.translate(
            "Messages",
            "Your choices were changed somewhere else in the meantime. The app reloaded them; please check and try again.",
        )
    return QCoreApplication.translate(
        "Messages", "The privacy service did not accept this request."
    )


def describe_failure(error: BaseException, *, app_retries: bool = False) -> str:
    """`app_retries`: the app tries again by itself, so the next step is not the user's."""
    if isinstance(error, SignInStopped):
        return describe_sign_in_stopped(error.reason)
    if isinstance(error, atomic.LocalWriteFailed):
        return describe_local_write_problem(error)
    if isinstance(error, ServiceError):
        return describe_service_error(error, app_retries=app_retries)
    if isinstance(error, InvalidServiceAddress):
        return describe_address_problem(error)
    if isinstance(error, CopyUnreadable):
        return describe_copy_problem(error)
    if isinstance(error, EvidenceDamaged):
        return describe_evidence_damage(error)
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
    """Why a new sign-in could not be kept in the keyring (after a password sign-in)."""
    if result.status is VaultStatus.LOCKED:
        return QCoreApplication.translate(
            "Messages",
            "You are signed in, but your system keyring is locked, so the sign-in can't be kept for next time yet. Unlock the keyring and choose Try the keyring again, or stay signed in for this session only.",
        )
    if result.status is VaultStatus.NO_KEYRING:
        return QCoreApplication.translate(
            "Messages",
            "This computer has no keyring the app can use, so you are signed in for this session only and will sign in again next time.",
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


def describe_keyring_at_start(result: VaultResult) -> str:
    """Why the saved sign-in could not be read at start. Nothing ended: it is still there."""
    if result.status is VaultStatus.LOCKED:
        return QCoreApplication.translate(
            "Messages",
            "Your system keyring is locked, so the app can't read your saved sign-in. Nothing has ended: unlock the keyring, then choose Try again.",
        )
    if result.status is VaultStatus.NO_KEYRING:
        return QCoreApplication.translate(
            "Messages",
            "This computer has no keyring the app can use at the moment, so your saved sign-in can't be read. Sign in with your password to continue.",
        )
    return QCoreApplication.translate(
        "Messages",
        "Your system keyring could not be read, so the app can't use your saved sign-in yet. Try again, or sign in with your password.",
    )


def describe_resume_countdown(seconds: int) -> str:
    """Under the reason a silent sign-in failed: the sign-in is safe, and when the next try is."""
    return PLURALS.next_sign_in_try(seconds)  # counted texts live in plurals.py


def describe_resume_stopped() -> str:
    """A silent sign-in failed in a way that waiting will not fix (e.g. a certificate)."""
    return QCoreApplication.translate(
        "Messages",
        "Your sign-in is still kept on this computer. Choose Try again once this is sorted out.",
    )


def describe_sign_in_kept(kept: SignInKept) -> tuple[str, str] | None:
    """A notice (title, text) for a sign-in that will not outlive this run; None if it will."""
    if kept is SignInKept.NOT_ASKED:
        return (
            QCoreApplication.translate("Messages", "Demo account"),
            QCoreApplication.translate(
                "Messages",
                "The demo keeps nothing on this computer: its account and what you do with it are gone when you close the app.",
            ),
        )
    if kept is SignInKept.THIS_RUN_ONLY:
        return (
            QCoreApplication.translate("Messages", "Signed in for this session only"),
            QCoreApplication.translate(
                "Messages",
                "Your sign-in could not be kept in the system keyring. Unlock or set up a keyring, then sign in again to stay signed in.",
            ),
        )
    return None


def describe_sign_in_stopped(reason: StopReason) -> str:
    """A sign-in (or a confirmation before a deletion) in the browser or on another device
    that ended without a sign-in."""
    sentences = {
        StopReason.TIMED_OUT: QCoreApplication.translate(
            "Messages", "No answer came from the browser in time. Try again when you are ready."
        ),
        StopReason.CANCELLED: QCoreApplication.translate("Messages", "You stopped waiting."),
        StopReason.DENIED: QCoreApplication.translate(
            "Messages", "You chose Cancel on the service's page, so nothing changed."
        ),
        StopReason.EXPIRED: QCoreApplication.translate(
            "Messages", "The code ran out before it was used. Ask for a new code."
        ),
        StopReason.REFUSED: QCoreApplication.translate(
            "Messages", "The service's page did not sign you in. Try again."
        ),
        StopReason.WRONG_ISSUER: QCoreApplication.translate(
            "Messages",
            "The answer came from another service than yours, so the app ignored it. Try again.",
        ),
        StopReason.NO_BROWSER: QCoreApplication.translate(
            "Messages",
            "The app could not open a web browser. Use Sign in on another device instead.",
        ),
        StopReason.WRONG_ACCOUNT: QCoreApplication.translate(
            "Messages",
            "You confirmed with another account than the one signed in here. Confirm with your own account.",
        ),
    }
    return sentences[reason]


def describe_copy_problem(error: CopyUnreadable) -> str:
    """Why a copy of the user's data can't be read (the copy viewer, the download check)."""
    if error.problem is CopyProblem.NOT_FOUND:
        return QCoreApplication.translate(
            "Messages", "The file can't be found or read. Choose the copy again."
        )
    if error.problem is CopyProblem.NOT_A_ZIP:
        return QCoreApplication.translate(
            "Messages",
            "This is not a ZIP file, or it was cut short. Download the copy again.",
        )
    if error.problem is CopyProblem.NO_MANIFEST:
        return QCoreApplication.translate(
            "Messages",
            "This ZIP file is not a copy of your data from the privacy service: it has no manifest.",
        )
    if error.problem is CopyProblem.BAD_MANIFEST:
        return QCoreApplication.translate(
            "Messages",
            "The copy's manifest is damaged, so the copy can't be read. Download it again.",
        )
    return QCoreApplication.translate(
        "Messages", "A file in the copy is damaged (%1). Download the copy again."
    ).replace("%1", error.member)


def describe_downloaded_copy_problem(error: BaseException, folder: Path) -> str:
    """A download that arrived but could not be opened, or not written into `folder`."""
    if isinstance(error, CopyUnreadable):
        return QCoreApplication.translate(
            "Messages",
            "The copy arrived, but it can't be opened as a ZIP file. Try again, or ask for a new copy.",
        )
    if isinstance(error, OSError):
        known = _disk_problem(error, folder)
        if known is not None:
            what = QCoreApplication.translate("Messages", "The copy of your data was not saved.")
            return " ".join((known[0], what, known[1]))
        return QCoreApplication.translate(
            "Messages",
            "The copy could not be written to %1. Check that there is enough free space.",
        ).replace("%1", str(folder))
    return describe_failure(error)


def describe_copy_not_moved(error: BaseException, folder: Path) -> str:
    """Save as… could not put the verified copy into `folder`."""
    if not isinstance(error, OSError):
        return describe_failure(error)
    choose = QCoreApplication.translate(
        "Messages", "The copy could not be saved there. Choose another place."
    )
    known = _disk_problem(error, folder)
    return choose if known is None else f"{known[0]} {choose}"


def describe_evidence_damage(damage: EvidenceDamaged) -> str:
    return QCoreApplication.translate(
        "Messages",
        "Your evidence file is damaged at line %1. The app leaves it exactly as it is and adds nothing to it until you set it aside.",
    ).replace("%1", str(damage.line_number))


def describe_evidence_problem(error: BaseException) -> str:
    """The evidence log could not be read or written (a damaged log has its own sentence)."""
    if isinstance(error, EvidenceDamaged):
        return describe_evidence_damage(error)
    if isinstance(error, atomic.LocalWriteFailed):
        return describe_local_write_problem(error)
    if isinstance(error, OSError):
        known = _disk_problem(error, Path(error.filename).parent if error.filename else None)
        if known is not None:
            what = QCoreApplication.translate("Messages", "Your evidence log was not changed.")
            return " ".join((known[0], what, known[1]))
        return QCoreApplication.translate(
            "Messages",
            "The evidence file could not be read or written. Check that the disk has space and the folder is yours, then try again.",
        )
    return describe_failure(error)


def _disk_problem(error: OSError, folder: Path | None) -> tuple[str, str] | None:
    """(why, what to do) for a full disk, a read-only folder or one the app may not write
    in; None for any other OSError."""
    reason = atomic.reason_for(error)
    if reason == atomic.OTHER:
        return None
    return _why_and_step(reason, str(folder) if folder is not None else "")


def _why_and_step(reason: str, folder: str) -> tuple[str, str]:
    if reason == atomic.DISK_FULL:
        why = QCoreApplication.translate("Messages", "The disk that holds %1 is full.")
        step = QCoreApplication.translate("Messages", "Free some space on it, then try again.")
    elif reason == atomic.READ_ONLY:
        why = QCoreApplication.translate("Messages", "The folder %1 is read-only.")
        step = QCoreApplication.translate("Messages", "Make it writable, then try again.")
    elif reason == atomic.NOT_ALLOWED:
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
    return why.replace("%1", folder), step


def describe_local_write_problem(error: atomic.LocalWriteFailed) -> str:
    """Why a file on this computer was not written, what that was, and what to do.

    Separate whole sentences, so each translates on its own. The previous file is never
    touched by a failed write, so the message can promise that nothing older was lost.
    """
    why, step = _why_and_step(error.reason, str(error.folder))
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
    return " ".join((why, what, kept, step))


def describe_signed_in(email: str) -> str:
    """The account line; a session started offline learns the e-mail address on connecting."""
    if not email:
        return QCoreApplication.translate("Messages", "Signed in (not connected yet)")
    return QCoreApplication.translate("Messages", "Signed in as %1").replace("%1", email)


def describe_chain_problem(chain: ChainVerdict) -> str:
    """The hash chain breaks at an entry: from there on nothing can be vouched for."""
    number = (chain.first_broken_index or 0) + 1
    return QCoreApplication.translate(
        "Messages",
        "Entry %1 was changed, removed or moved after it was kept, so the entries from there on can't be vouched for.",
    ).replace("%1", str(number))


def describe_evidence_verdict(verdict: EvidenceVerdict) -> str:
    """One sentence for the whole check: all is well, or what is wrong."""
    if verdict.entry_count == 0:
        return QCoreApplication.translate("Messages", "There is nothing to verify yet.")
    if verdict.all_good:
        if verdict.entry_count == 1:
            return QCoreApplication.translate(
                "Messages", "The one entry is intact and every signature is valid."
            )
        return QCoreApplication.translate(
            "Messages", "All %1 entries are intact and every signature is valid."
        ).replace("%1", str(verdict.entry_count))
    problems = []
    if not verdict.chain_intact:
        problems.append(describe_chain_problem(verdict.chain))
    invalid = verdict.invalid_signatures
    if invalid:
        problems.append(
            QCoreApplication.translate(
                "Messages",
                "Receipts with a signature that is not valid: %1 of %2 (rows %3).",
            )
            .replace("%1", str(len(invalid)))
            .replace("%2", str(len(verdict.signatures)))
            .replace("%3", ", ".join(str(index + 1) for index in invalid))
        )
    return " ".join(problems)
