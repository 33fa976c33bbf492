"""GET /v1/catalog: the switches (X1-X9) and data categories (C1-C16), in English or Dutch."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.server.helpers import DEFAULTS_FROM_POLICY

# policy-facts.md names the category each of these switches is about.
CATEGORY_OF_CHOICE = {"X1": "C5", "X2": "C6", "X3": "C10", "X5": "C6", "X6": "C3", "X9": "C13"}
CHOICE_TEXTS = ("title", "explanation")
CATEGORY_TEXTS = ("title", "explanation", "sources", "purposes", "recipients", "retention")


def _catalog(client: TestClient, accept_language: str | None) -> tuple[Any, dict[str, Any]]:
    headers = {} if accept_language is None else {"Accept-Language": accept_language}
    response = client.get("/v1/catalog", headers=headers)
    assert response.status_code == 200, response.text
    return response, response.json()


def _texts(catalog: dict[str, Any]) -> dict[tuple[str, str], str | None]:
    """Every user-facing text of the catalog, keyed by (entry id, field)."""
    texts: dict[tuple[str, str], str | None] = {}
    for choice in catalog["choices"]:
        for field in CHOICE_TEXTS:
            texts[choice["id"], field] = choice[field]
    for category in catalog["categories"]:
        for field in (*CATEGORY_TEXTS, "empty_reason"):
            texts[category["id"], field] = category[field]
    return texts


def test_the_catalog_declares_exactly_the_nine_choices_with_the_policy_defaults(
    client: TestClient,
) -> None:
    _response, catalog = _catalog(client, None)

    assert [choice["id"] for choice in catalog["choices"]] == [f"X{n}" for n in range(1, 10)]
    assert {choice["id"]: choice["default"] for choice in catalog["choices"]} == (
        DEFAULTS_FROM_POLICY
    )


def test_the_catalog_declares_exactly_the_sixteen_data_categories(client: TestClient) -> None:
    _response, catalog = _catalog(client, None)

    assert [category["id"] for category in catalog["categories"]] == [f"C{n}" for n in range(1, 17)]


def test_every_choice_points_at_the_data_categories_it_is_about(client: TestClient) -> None:
    _response, catalog = _catalog(client, None)
    category_ids = {category["id"] for category in catalog["categories"]}

    for choice in catalog["choices"]:
        assert choice["categories"], choice["id"]
        assert set(choice["categories"]) <= category_ids, choice["id"]
    linked = {choice["id"]: set(choice["categories"]) for choice in catalog["choices"]}
    for choice_id, category_id in CATEGORY_OF_CHOICE.items():
        assert category_id in linked[choice_id], choice_id


def test_without_accept_language_the_catalog_is_in_english(client: TestClient) -> None:
    response, catalog = _catalog(client, None)

    assert catalog["language"] == "en"
    assert response.headers["content-language"] == "en"
    assert "accept-language" in response.headers.get("vary", "").lower()
    assert catalog["choices"][0]["title"] == "Share playback statistics"


def test_a_dutch_speaker_gets_the_catalog_in_dutch(client: TestClient) -> None:
    response, catalog = _catalog(client, "nl-NL")

    assert catalog["language"] == "nl"
    assert response.headers["content-language"] == "nl"
    assert "accept-language" in response.headers.get("vary", "").lower()
    assert catalog["choices"][0]["title"] == "Afspeelstatistieken delen"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("de;q=1, nl;q=0.8", "nl"),  # German is not spoken; Dutch is the best that is
        ("nl-BE", "nl"),
        ("NL", "nl"),
        ("en;q=0.5, nl;q=0.9", "nl"),  # the higher q-value wins, not the first place
        ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "nl"),  # what a Dutch browser sends
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("nl;q=0, en", "en"),  # q=0 means "not acceptable"
        ("fr-FR, de", "en"),  # nothing supported: English
        ("", "en"),
    ],
)
def test_the_catalog_language_follows_the_ranking_in_accept_language(
    client: TestClient, accept_language: str, expected: str
) -> None:
    response, catalog = _catalog(client, accept_language)

    assert catalog["language"] == expected
    assert response.headers["content-language"] == expected


def test_the_ids_defaults_and_links_do_not_depend_on_the_language(client: TestClient) -> None:
    _response, english = _catalog(client, "en")
    _response, dutch = _catalog(client, "nl")

    def structure(catalog: dict[str, Any]) -> Any:
        return (
            [(c["id"], c["default"], c["categories"]) for c in catalog["choices"]],
            [
                (c["id"], c["holds_records"], c["retention_rule"], c["empty_reason"] is None)
                for c in catalog["categories"]
            ],
        )

    assert structure(english) == structure(dutch)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_text_in_the_catalog_says_something(client: TestClient, language: str) -> None:
    _response, catalog = _catalog(client, language)

    for key, text in _texts(catalog).items():
        if key[1] == "empty_reason" and text is None:
            continue
        assert isinstance(text, str) and text.strip(), key


def test_every_dutch_text_is_a_translation_not_a_copy_of_the_english(client: TestClient) -> None:
    _response, english = _catalog(client, "en")
    _response, dutch = _catalog(client, "nl")
    english_texts, dutch_texts = _texts(english), _texts(dutch)

    assert english_texts.keys() == dutch_texts.keys()
    compared = 0
    for key, english_text in english_texts.items():
        if english_text is None:
            assert dutch_texts[key] is None, key
            continue
        assert dutch_texts[key] != english_text, key
        compared += 1
    # 9 choices x 2 texts + 16 categories x 6 texts, plus the empty reasons.
    assert compared > 9 * 2 + 16 * 6


def test_categories_without_records_explain_why_the_list_is_empty(client: TestClient) -> None:
    _response, catalog = _catalog(client, None)

    without_records = set()
    for category in catalog["categories"]:
        if category["holds_records"]:
            assert category["empty_reason"] is None, category["id"]
        else:
            assert category["empty_reason"] and category["empty_reason"].strip(), category["id"]
            without_records.add(category["id"])
    # policy-facts.md: personal-media metadata is normally not collected (C3), relayed streams
    # are not stored (C13), and access to your data is a right rather than data (C16).
    assert {"C3", "C13", "C16"} <= without_records
    assert "C1" not in without_records  # the profile is always held
