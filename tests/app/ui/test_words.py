"""Sentences that read as written in both languages (issue 18): a state joined to its verb
in Dutch, a count through the plural forms, what is kept after a deletion as the policy says
it (T5), and the legal term once beside the plain words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication

from app.core.catalog import Catalog, Choice
from app.core.drift import DriftItem
from app.ui.drift_notice import describe_drift
from app.ui.i18n import Translations

CATALOG = Catalog(
    language="nl",
    choices=(Choice("X2", "Gepersonaliseerde advertenties", "Advertenties.", True, ("C5",)),),
    categories=(),
)


@pytest.fixture
def translations(qapp: QCoreApplication) -> Iterator[Translations]:
    languages = Translations(qapp)
    yield languages
    languages.use("en")
    for translator in list(languages._installed):
        qapp.removeTranslator(translator)


@pytest.mark.parametrize(
    ("before", "now", "dutch"),
    [
        (True, False, "“Gepersonaliseerde advertenties” is uitgezet."),
        (False, True, "“Gepersonaliseerde advertenties” is aangezet."),
        (None, True, "“Gepersonaliseerde advertenties” is nieuw en staat aan."),
        (None, False, "“Gepersonaliseerde advertenties” is nieuw en staat uit."),
    ],
)
def test_a_choice_changed_elsewhere_reads_as_one_dutch_sentence(
    translations: Translations, before: bool | None, now: bool, dutch: str
) -> None:
    translations.use("nl")

    _title, text = describe_drift([DriftItem("X2", before, now)], CATALOG)

    assert text.splitlines()[0] == dutch
    assert "aan gezet" not in text and "uit gezet" not in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_what_a_deletion_keeps_is_what_the_policy_says_and_its_days_are_counted(
    translations: Translations, language: str
) -> None:
    translations.use(language)
    source = (
        "Your account, your profile, your choices and every record linked to you are deleted, "
        "and every app signed in to it is signed out. Some usage statistics, IP addresses "
        "included, are kept, but no longer linked to you. You have %n day(s) to change your "
        "mind and cancel; after that nothing can be undone."
    )
    one = QCoreApplication.translate("NewRequestDialog", source, "", 1)
    fourteen = QCoreApplication.translate("NewRequestDialog", source, "", 14)

    if language == "en":
        assert "You have 1 day to" in one and "You have 14 days to" in fourteen
        assert "IP addresses included, are kept" in fourteen  # T5: kept, unlinked
        assert "without your IP address" not in fourteen
    else:
        assert "Je hebt 1 dag om" in one and "Je hebt 14 dagen om" in fourteen
        assert "ook IP-adressen, blijven bewaard" in fourteen


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("Ask for a copy of your data (right of access)", "(recht op inzage)"),
        ("Correct something (right to rectification)", "(recht op rectificatie)"),
        ("Delete your account (right to erasure)", "(recht op gegevenswissing)"),
    ],
)
def test_the_legal_term_stands_once_beside_the_plain_words(
    translations: Translations, english: str, dutch: str
) -> None:
    translations.use("nl")
    assert QCoreApplication.translate("NewRequestDialog", english).endswith(dutch)


def test_open_requests_is_a_button_and_a_heading_translated_each_for_its_place(
    translations: Translations,
) -> None:
    translations.use("nl")
    button = QCoreApplication.translate(
        "OverviewPage", "Open requests", "button: show the Requests page"
    )
    heading = QCoreApplication.translate(
        "OverviewPage", "Open requests", "heading: the requests not yet finished"
    )
    assert (button, heading) == ("Verzoeken bekijken", "Openstaande verzoeken")
