"""The complaint's text (app/core/complaint.py) and the statement it rests on
(app/core/acknowledgements.py), without Qt or a service."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.acknowledgements import (
    AcknowledgedEvent,
    AcknowledgedFacts,
    SignedAcknowledgement,
    UnreadableAcknowledgement,
)
from app.core.authorities import AUTHORITIES, BY_COUNTRY
from app.core.complaint import LANGUAGES, EvidenceFile, long_date, write_complaint

moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
reasons = st.text(st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=80).filter(
    lambda text: text.strip()
)


def _facts(received: datetime, reason: str | None, kind: str = "access") -> AcknowledgedFacts:
    return AcknowledgedFacts(
        request_id="r-123",
        kind=kind,
        status="in_progress",
        received_at=received,
        due_at=received + timedelta(days=61),
        extended_by_months=1 if reason else 0,
        extension_reason=reason,
        denial_reason=None,
        completed_at=None,
        history=(AcknowledgedEvent("received", received, "Filed from your signed-in account."),),
        issued_at=received + timedelta(days=80),
        controller="Example Media",
        controller_email="privacy@example.org",
        account_id="u-1",
    )


@given(
    received=moments,
    reason=st.none() | reasons,
    language=st.sampled_from(LANGUAGES),
    country=st.sampled_from([a.country for a in AUTHORITIES]),
    kind=st.sampled_from(["access", "correction", "deletion"]),
)
def test_every_fact_of_the_statement_is_in_the_letter(
    received: datetime, reason: str | None, language: str, country: str, kind: str
) -> None:
    facts = _facts(received, reason, kind)
    authority = BY_COUNTRY[country]
    text = write_complaint(
        facts,
        key_id="k1",
        authority=authority,
        language=language,
        email="ada@example.org",
        name="Ada",
        service_url="https://media.example/",
        today=date(2036, 1, 1),
        evidence=[EvidenceFile("keys.json", "a" * 64, "keys")],
    ).plain_text()
    for fact in (
        facts.request_id,
        long_date(facts.received_at, language),
        long_date(facts.due_at, language),
        authority.name,
        authority.country_name(language),
        "ada@example.org",
        "Example Media",
        "https://media.example/v1/keys",
        "Filed from your signed-in account.",
        "a" * 64,
    ):
        assert fact in text
    if reason:
        assert reason.strip() in text
    article = {"access": "15", "correction": "16", "deletion": "17"}[kind]
    law = "GDPR" if language == "en" else "AVG"
    assert f"{article} {law}" in text and f"77 {law}" in text


def test_a_letter_is_only_written_in_english_or_dutch() -> None:
    with pytest.raises(ValueError):
        write_complaint(
            _facts(datetime(2026, 1, 5, tzinfo=UTC), None),
            key_id="k1",
            authority=AUTHORITIES[0],
            language="de",
            email="a@b.c",
            name="A",
            service_url="https://x.example",
            today=date(2026, 3, 1),
            evidence=[],
        )


def test_dates_are_written_out_in_the_letters_language() -> None:
    assert long_date(date(2026, 3, 1), "en") == "1 March 2026"
    assert long_date(date(2026, 3, 1), "nl") == "1 maart 2026"


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        json.dumps({"type": "receipt"}),
        json.dumps({"type": "privacy-request-acknowledgement"}),
    ],
)
def test_a_statement_that_is_not_the_services_shape_is_unreadable(payload: str) -> None:
    with pytest.raises(UnreadableAcknowledgement):
        SignedAcknowledgement(payload, "sig", "k1").facts()


def test_an_unknown_key_never_verifies() -> None:
    assert not SignedAcknowledgement("{}", "AAAA", "nobody").verify(())
