"""The glossary (docs/glossary.md) is what the Dutch translation really says: every English
text that uses a checked term has the term's Dutch in its translation (issue 18)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
GLOSSARY = REPOSITORY / "docs" / "glossary.md"
DUTCH = REPOSITORY / "resources" / "translations" / "privacy_desk_nl.ts"

# Texts where a term's word stands in another sense; each with the reason.
EXCEPTIONS = {
    "The service records it in the request's history. One a day at most.": "verb: to record",
    "Copy row": "to copy (a verb)",
    "Copy the selected record": "to copy (a verb)",
    "Request a copy of all my data": "to request (a verb)",
}


def _terms() -> list[tuple[str, list[str]]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2] == "yes":
            rows.append((cells[0], [word.strip() for word in cells[1].split(",")]))
    return rows


def _translations() -> list[tuple[str, str]]:
    pairs = []
    for message in ET.parse(DUTCH).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [form.text or "" for form in translation] or [translation.text or ""]
        pairs.append((source, " | ".join(forms)))
    return pairs


def test_the_glossary_has_the_terms_the_issue_names() -> None:
    english = {term for term, _dutch in _terms()}
    assert {"service", "receipt", "evidence", "record", "sign in"} <= english


@pytest.mark.parametrize(("term", "dutch"), _terms(), ids=lambda value: str(value))
def test_every_text_using_a_term_says_it_in_dutch_as_the_glossary_does(
    term: str, dutch: list[str]
) -> None:
    # The English term as a word (a plural or "sign-in" counts too).
    pattern = re.compile(r"\b" + re.escape(term).replace(r"\ ", r"[ -]") + r"s?\b", re.I)
    wrong = [
        (source, translation)
        for source, translation in _translations()
        if pattern.search(source)
        and source not in EXCEPTIONS
        and not any(word.lower() in translation.lower() for word in dutch)
    ]
    assert wrong == []


def test_receipts_are_never_plain_evidence_in_dutch() -> None:
    for source, translation in _translations():
        if re.search(r"\breceipts?\b", source, re.I) and not re.search(
            r"\bevidence\b", source, re.I
        ):
            assert "bewijsmateriaal" not in translation, source


def test_one_kind_of_quotation_marks() -> None:
    for source, translation in _translations():
        for text in (source, translation):
            assert "‘" not in text and "„" not in text, text
            assert text.count("“") == text.count("”"), text


def test_a_request_is_withdrawn_and_only_a_button_is_cancelled_in_dutch() -> None:
    """The glossary's "cancel" row: a request is "intrekken"/"ingetrokken"; "Annuleren" is
    only a button's name (capitalised, alone or quoted as the button the user pressed)."""
    for source, translation in _translations():
        assert not re.search(r"\b(annuleren|geannuleerd|annulering)", translation), source
        if re.search(r"\bcancel", source, re.I) and re.search(r"\brequests?\b", source, re.I):
            assert re.search(r"intrek|ingetrokken|trek", translation), source
