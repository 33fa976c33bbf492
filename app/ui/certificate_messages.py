"""The sentences for a connection the app would not trust: a refused certificate (each
reason its own sentence, with the facts a user can check with the administrator) and a
redirect it did not follow. Text from the certificate is shown as written, never as markup
(the labels that show failures are plain text: app/ui/style.py `say`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.api.certificates import CertificateProblem, CertificateReason
from app.api.errors import ServiceError
from app.ui.formatting import format_date

# Names a certificate covers that a sentence lists before it says "…".
_NAMES_SHOWN = 3


def describe_certificate_problem(problem: CertificateProblem) -> str:
    """What is wrong and what to do, then (for a certificate nobody this computer trusts
    vouches for) who it is for, who issued it and its fingerprint, to check."""
    facts = problem.facts
    reason = problem.reason
    if reason is CertificateReason.WRONG_NAME:
        if facts is None:
            sentence = QCoreApplication.translate(
                "CertificateMessages",
                "The service's certificate is for another name than %1, so nothing was sent. Check the service address; if it is right, tell the service's operator.",
            ).replace("%1", problem.host)
        else:
            sentence = (
                QCoreApplication.translate(
                    "CertificateMessages",
                    "The service's certificate is for %1, not for %2, so nothing was sent. Check the service address; if it is right, tell the service's operator.",
                )
                .replace("%2", problem.host)
                .replace("%1", _names(problem))
            )
        return sentence
    if reason is CertificateReason.EXPIRED:
        if facts is None:
            return QCoreApplication.translate(
                "CertificateMessages",
                "The service's certificate has expired, so nothing was sent. The service's operator needs to renew it; if you think it is still valid, check this computer's date and time.",
            )
        return QCoreApplication.translate(
            "CertificateMessages",
            "The service's certificate expired on %1, so nothing was sent. The service's operator needs to renew it; if that date has not passed yet, check this computer's date and time.",
        ).replace("%1", format_date(facts.not_after))
    if reason is CertificateReason.NOT_YET_VALID:
        if facts is None:
            return QCoreApplication.translate(
                "CertificateMessages",
                "The service's certificate is not valid yet, so nothing was sent. Check this computer's date and time; if they are right, tell the service's operator.",
            )
        return QCoreApplication.translate(
            "CertificateMessages",
            "The service's certificate is only valid from %1, so nothing was sent. Check this computer's date and time; if they are right, tell the service's operator.",
        ).replace("%1", format_date(facts.not_before))
    if reason is CertificateReason.NO_SECURE_CONNECTION:
        return QCoreApplication.translate(
            "CertificateMessages",
            "The app could not set up a secure connection with the service, so nothing was sent. Check the service address; if it is right, tell the service's operator.",
        )
    if reason is CertificateReason.SELF_SIGNED:
        sentence = QCoreApplication.translate(
            "CertificateMessages",
            "The service's certificate is self-signed: no authority vouches for it, so this computer does not trust it and nothing was sent. Check the certificate below with the service's operator.",
        )
    else:
        sentence = QCoreApplication.translate(
            "CertificateMessages",
            "This computer does not trust the service's certificate, so nothing was sent. Check the certificate below with the service's operator; if it is theirs, they can tell you how to make this computer trust the authority that issued it.",
        )
    lines = certificate_facts_lines(problem)
    return "\n\n".join([sentence, "\n".join(lines)]) if lines else sentence


def certificate_facts_lines(problem: CertificateProblem) -> list[str]:
    """Subject, issuer and SHA-256 fingerprint, one fact per line (the fingerprint on two
    lines of 16 pairs, so it is read in one glance and fits a narrow window)."""
    lines: list[str] = []
    if problem.facts is not None:
        lines.append(
            QCoreApplication.translate("CertificateMessages", "Issued to: %1").replace(
                "%1", problem.facts.subject
            )
        )
        lines.append(
            QCoreApplication.translate("CertificateMessages", "Issued by: %1").replace(
                "%1", problem.facts.issuer
            )
        )
    if problem.sha256:
        pairs = problem.sha256.split(":")
        lines.append(QCoreApplication.translate("CertificateMessages", "SHA-256 fingerprint:"))
        lines.append(":".join(pairs[:16]))
        lines.append(":".join(pairs[16:]))
    return lines


def _names(problem: CertificateProblem) -> str:
    facts = problem.facts
    assert facts is not None
    names = [*facts.dns_names, *facts.ip_addresses] or list(facts.common_names)
    shown = ", ".join(names[:_NAMES_SHOWN])
    return shown + (", …" if len(names) > _NAMES_SHOWN else "")


def describe_redirect(error: ServiceError) -> str:
    """A redirect the app did not follow: to an address without encryption, or elsewhere."""
    where = error.redirect_to
    if not where:
        return QCoreApplication.translate(
            "CertificateMessages",
            "The service sent the app on to another address, which the app does not follow, so nothing was sent there. Tell the service's operator.",
        )
    if where.startswith("http://"):
        return QCoreApplication.translate(
            "CertificateMessages",
            "The service tried to send the app on to %1, an address without encryption. The app did not go there, so nothing was sent. Tell the service's operator.",
        ).replace("%1", where)
    return QCoreApplication.translate(
        "CertificateMessages",
        "The service sent the app on to %1. The app does not follow such a referral, so nothing was sent there. If the service has moved, sign in again with its new address.",
    ).replace("%1", where)
