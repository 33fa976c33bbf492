"""A request's history speaks the caller's language; what an operator typed stays as typed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from server.catalog.request_notes import localise_note
from tests.server.helpers import Account, bearer, sign_in


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("Filed from your signed-in account.", "Ingediend vanuit je ingelogde account."),
        (
            "Scheduled: the account will be deleted on 2026-12-06 18:00 UTC. "
            "Until then you can cancel this request.",
            "Gepland: het account wordt verwijderd op 6 december 2026 om 18:00 (UTC). "
            "Tot dan kun je dit verzoek intrekken.",
        ),
        (
            "Your username was corrected; the request shows the old and the new value.",
            "Je gebruikersnaam is gecorrigeerd; het verzoek toont de oude en de nieuwe waarde.",
        ),
        (
            "Filed by Acme Rights on the account holder's behalf.",
            "Ingediend door Acme Rights namens de accounthouder.",
        ),
        (
            "Identity check: authorised agent Acme Rights, authorisation 0f3a9c given by the "
            "account holder on 2026-11-30.",
            "Identiteitscontrole: gemachtigde Acme Rights, machtiging 0f3a9c gegeven door de "
            "accounthouder op 30 november 2026.",
        ),
        (
            "Identity confirmed: filed by Acme Rights with the account holder's authorisation. "
            "Work has started.",
            "Identiteit bevestigd: ingediend door Acme Rights met machtiging van de "
            "accounthouder. Het werk is begonnen.",
        ),
        (
            "Withdrawn by Acme Rights on the account holder's behalf: changed my mind",
            "Ingetrokken door Acme Rights namens de accounthouder: changed my mind",
        ),
        (
            "Withdrawn by Acme Rights on the account holder's behalf.",
            "Ingetrokken door Acme Rights namens de accounthouder.",
        ),
        (
            "Reminder from the account holder: the answer was due on 2026-01-05 and has not come.",
            "Herinnering van de accounthouder: het antwoord had er op 5 januari 2026 moeten zijn "
            "en is er nog niet.",
        ),
        (
            "A username needs between 1 and 100 characters.",
            "Een gebruikersnaam heeft tussen 1 en 100 tekens nodig.",
        ),
    ],
)
def test_the_services_own_sentences_are_given_in_dutch(english: str, dutch: str) -> None:
    assert localise_note(english, "nl") == dutch
    assert localise_note(english, "en") == english


def test_text_an_operator_typed_is_left_as_it_is() -> None:
    reason = "Our archive is being migrated; we need two more weeks."
    assert localise_note(reason, "nl") == reason
    assert localise_note(None, "nl") is None


def test_a_dutch_app_reads_its_request_history_in_dutch(client: TestClient, ada: Account) -> None:
    token = sign_in(client, ada)["access_token"]
    headers = {**bearer(token), "Idempotency-Key": "nl-1", "Accept-Language": "nl-NL"}
    filed = client.post("/v1/me/requests", json={"kind": "access"}, headers=headers)
    assert filed.status_code == 201, filed.text
    notes = [event["note"] for event in filed.json()["history"]]
    assert notes[0] == "Ingediend vanuit je ingelogde account."
    assert notes[1].startswith("Identiteitscontrole")

    english = client.get(f"/v1/me/requests/{filed.json()['id']}", headers=bearer(token))
    assert english.json()["history"][0]["note"] == "Filed from your signed-in account."
