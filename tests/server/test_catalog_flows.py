"""GET /v1/catalog says where each category's data goes: purposes, recipients, switches."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from server.catalog.entries import CATEGORIES, PURPOSES, RECIPIENTS

# The recipients policy-facts' CCPA paragraph names, by the catalog's ids.
CCPA_RECIPIENTS = {
    "content_partners",
    "vendors",
    "linked_services",
    "analytics",
    "payment_processor",
    "government",
}


def _catalog(client: TestClient, language: str = "en") -> dict[str, Any]:
    response = client.get("/v1/catalog", headers={"Accept-Language": language})
    assert response.status_code == 200, response.text
    catalog: dict[str, Any] = response.json()
    return catalog


def test_every_flow_names_a_declared_purpose_recipient_and_choice(client: TestClient) -> None:
    catalog = _catalog(client)
    purposes = {purpose["id"] for purpose in catalog["purposes"]}
    recipients = {recipient["id"] for recipient in catalog["recipients"]}
    choices = {choice["id"] for choice in catalog["choices"]}

    flows = [flow for category in catalog["categories"] for flow in category["flows"]]
    assert flows
    for flow in flows:
        assert flow["purpose"] in purposes, flow
        assert flow["recipient"] in recipients, flow
        assert flow["choice"] is None or flow["choice"] in choices, flow
    # Nothing declared goes unused: every purpose and recipient is somewhere in the picture.
    assert {flow["purpose"] for flow in flows} == purposes
    assert {flow["recipient"] for flow in flows} == recipients
    assert recipients >= CCPA_RECIPIENTS


def test_sharing_with_content_partners_is_governed_by_x5_and_personalised_ads_by_x2(
    client: TestClient,
) -> None:
    categories = {category["id"]: category for category in _catalog(client)["categories"]}

    watched = categories["C6"]["flows"]
    assert {"purpose": "partner_sharing", "recipient": "content_partners", "choice": "X5"} in (
        watched
    )
    assert {"purpose": "ads", "recipient": "ad_partners", "choice": "X2"} in watched
    # Without consent, what you watch reaches content partners by no other way.
    ungoverned_to_partners = [
        flow
        for category in categories.values()
        for flow in category["flows"]
        if flow["recipient"] == "content_partners" and flow["choice"] is None
    ]
    assert ungoverned_to_partners == [
        {"purpose": "partner_fees", "recipient": "content_partners", "choice": None}
    ]
    assert categories["C13"]["flows"] == [
        {"purpose": "remote_access", "recipient": "own_devices", "choice": "X9"}
    ]


def test_every_choice_about_data_governs_a_flow_of_its_categories(client: TestClient) -> None:
    catalog = _catalog(client)
    flows_of = {
        category["id"]: {flow["choice"] for flow in category["flows"]}
        for category in catalog["categories"]
    }

    for choice in catalog["choices"]:
        assert any(choice["id"] in flows_of[c] for c in choice["categories"]), choice["id"]


def test_purposes_and_recipients_speak_dutch_to_a_dutch_speaker(client: TestClient) -> None:
    english, dutch = _catalog(client, "en"), _catalog(client, "nl")

    for kind, entries in (("purposes", PURPOSES), ("recipients", RECIPIENTS)):
        assert [item["id"] for item in dutch[kind]] == [entry.id for entry in entries]
        for item, entry in zip(dutch[kind], entries, strict=True):
            assert item["title"] == entry.title.nl and item["explanation"] == entry.explanation.nl
            assert entry.title.nl != entry.title.en or entry.id == "service", entry.id
        assert [item["title"] for item in english[kind]] == [entry.title.en for entry in entries]
    # The flows themselves are ids: the same in every language.
    assert [c["flows"] for c in english["categories"]] == [c["flows"] for c in dutch["categories"]]


def test_the_catalog_data_declares_no_flow_twice() -> None:
    for category in CATEGORIES:
        assert len(set(category.flows)) == len(category.flows), category.id
