"""Each certificate failure and each redirect has its own sentence, in English and Dutch,
with the facts a user checks with the service's operator (issue 17). The facts are read from
real certificates made by a test authority, as the app reads them from a service."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale

from app.api.certificates import CertificateProblem, CertificateReason, fingerprint
from app.api.errors import FailureKind, ServiceError
from app.api.x509_facts import read_certificate
from app.ui.i18n import Translations
from app.ui.messages import describe_failure
from tests.support.certificates import IssuedCertificate, TestAuthority, self_signed

EXPIRY = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
START = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
ISSUED = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
START_END = datetime(2028, 2, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def translations(qapp: QCoreApplication) -> Iterator[Translations]:
    languages = Translations(qapp)
    yield languages
    languages.use("en")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    for translator in list(languages._installed):
        qapp.removeTranslator(translator)


def _use(translations: Translations, language: str) -> None:
    translations.use(language)
    QLocale.setDefault(
        QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
        if language == "nl"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, IssuedCertificate]:
    folder = tmp_path_factory.mktemp("certificates")
    authority = TestAuthority(folder / "ca")
    return {
        "service": authority.issue(["privacy.example.org"], stem="service"),
        "expired": authority.issue(
            ["privacy.example.org"], stem="expired", not_before=ISSUED, not_after=EXPIRY
        ),
        "future": authority.issue(
            ["privacy.example.org"], stem="future", not_before=START, not_after=START_END
        ),
        "other": authority.issue(
            ["media.example.net", "www.example.net", "example.net", "old.example.net"],
            stem="other",
        ),
        "self": self_signed(folder, ["privacy.example.org"]),
    }


def _problem(reason: CertificateReason, certificate: IssuedCertificate) -> CertificateProblem:
    return CertificateProblem(
        reason,
        "privacy.example.org",
        fingerprint(certificate.der),
        read_certificate(certificate.der),
    )


def _said(problem: CertificateProblem) -> str:
    return describe_failure(
        ServiceError(FailureKind.CERTIFICATE, problem.reason.value, certificate=problem)
    )


def _problems(
    certificates: dict[str, IssuedCertificate],
) -> dict[CertificateReason, CertificateProblem]:
    return {
        CertificateReason.UNTRUSTED: _problem(CertificateReason.UNTRUSTED, certificates["service"]),
        CertificateReason.SELF_SIGNED: _problem(
            CertificateReason.SELF_SIGNED, certificates["self"]
        ),
        CertificateReason.EXPIRED: _problem(CertificateReason.EXPIRED, certificates["expired"]),
        CertificateReason.NOT_YET_VALID: _problem(
            CertificateReason.NOT_YET_VALID, certificates["future"]
        ),
        CertificateReason.WRONG_NAME: _problem(CertificateReason.WRONG_NAME, certificates["other"]),
        CertificateReason.NO_SECURE_CONNECTION: CertificateProblem(
            CertificateReason.NO_SECURE_CONNECTION, "privacy.example.org"
        ),
    }


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_reason_has_its_own_sentence_in_both_languages(
    language: str, translations: Translations, certificates: dict[str, IssuedCertificate]
) -> None:
    _use(translations, language)
    problems = _problems(certificates)

    sentences = {reason: _said(problem) for reason, problem in problems.items()}
    first_lines = {sentence.splitlines()[0] for sentence in sentences.values()}

    assert set(sentences) == set(CertificateReason)
    assert len(first_lines) == len(CertificateReason)  # no two reasons read alike
    for sentence in sentences.values():
        assert ("nothing was sent" in sentence) == (language == "en")
        assert ("niets verstuurd" in sentence) == (language == "nl")


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("reason", [CertificateReason.UNTRUSTED, CertificateReason.SELF_SIGNED])
def test_a_certificate_nobody_trusted_vouches_for_is_shown_to_be_checked(
    language: str,
    reason: CertificateReason,
    translations: Translations,
    certificates: dict[str, IssuedCertificate],
) -> None:
    _use(translations, language)
    certificate = certificates["self" if reason is CertificateReason.SELF_SIGNED else "service"]

    lines = _said(_problem(reason, certificate)).splitlines()

    issued_to, issued_by = ("Issued to: ", "Issued by: ")
    if language == "nl":
        issued_to, issued_by = ("Uitgegeven aan: ", "Uitgegeven door: ")
    assert issued_to + certificate.subject in lines
    assert issued_by + certificate.issuer in lines
    # The fingerprint as a person compares it: two lines of sixteen pairs.
    pairs = certificate.sha256.split(":")
    assert lines[-2:] == [":".join(pairs[:16]), ":".join(pairs[16:])]


def test_the_dates_and_names_in_a_sentence_are_the_certificates(
    translations: Translations, certificates: dict[str, IssuedCertificate]
) -> None:
    problems = _problems(certificates)
    _use(translations, "nl")
    dutch_expiry = QLocale().toString(QDate(2026, 3, 14), QLocale.FormatType.ShortFormat)

    expired = _said(problems[CertificateReason.EXPIRED])
    wrong_name = _said(problems[CertificateReason.WRONG_NAME])
    _use(translations, "en")
    english_start = QLocale().toString(QDate(2027, 2, 1), QLocale.FormatType.ShortFormat)
    not_yet = _said(problems[CertificateReason.NOT_YET_VALID])

    assert f"op {dutch_expiry} verlopen" in expired
    assert f"only valid from {english_start}" in not_yet
    # Three names and an ellipsis, then the address the user gave.
    assert "media.example.net, www.example.net, example.net, …" in wrong_name
    assert "niet op privacy.example.org" in wrong_name
    assert "old.example.net" not in wrong_name


def test_without_the_certificate_the_sentence_still_says_what_went_wrong(
    translations: Translations,
) -> None:
    _use(translations, "en")
    for reason in CertificateReason:
        said = _said(CertificateProblem(reason, "privacy.example.org"))
        assert "nothing was sent" in said
        assert "Issued to" not in said and "SHA-256" not in said


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_redirect_says_where_it_pointed_and_whether_that_was_unencrypted(
    language: str, translations: Translations
) -> None:
    _use(translations, language)

    def said(where: str) -> str:
        return describe_failure(ServiceError(FailureKind.REDIRECTED, "302", 302, redirect_to=where))

    down = said("http://privacy.example.org")
    away = said("https://elsewhere.example")
    unknown = said("")

    assert "http://privacy.example.org" in down and "https://elsewhere.example" in away
    assert len({down, away, unknown}) == 3
    without_encryption = "zonder versleuteling" if language == "nl" else "without encryption"
    assert without_encryption in down and without_encryption not in away


def test_a_certificates_text_is_never_taken_for_markup(
    qtbot: object, translations: Translations, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    from app.ui.style import say

    hostile = self_signed(tmp_path, ["<b>bold</b>.example"])
    problem = _problem(CertificateReason.WRONG_NAME, hostile)
    label = QLabel()

    say(label, _said(problem), error=True)

    assert "<b>bold</b>.example" in label.text()
    from PySide6.QtCore import Qt

    assert label.textFormat() is Qt.TextFormat.PlainText
