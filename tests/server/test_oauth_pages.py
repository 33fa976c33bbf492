"""The sign-in pages in English and in Dutch: chosen by Accept-Language or the switch link,
every sentence in both languages, labelled fields, errors announced, no JavaScript."""

from __future__ import annotations

import string

import pytest
from fastapi.testclient import TestClient

from server.oauth.messages import MESSAGES
from tests.server.helpers import Account
from tests.server.oauth_flow import (
    AUTHORIZE,
    DEVICE_PAGE,
    PageReader,
    authorize_query,
    fill_in_sign_in,
    new_pkce,
)


def _placeholders(sentence: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(sentence) if name}


def test_english_and_dutch_have_the_same_sentences_with_the_same_placeholders() -> None:
    assert set(MESSAGES) == {"en", "nl"}
    assert MESSAGES["en"].keys() == MESSAGES["nl"].keys()
    for key, english in MESSAGES["en"].items():
        assert _placeholders(english) == _placeholders(MESSAGES["nl"][key]), key
        if key != "site":
            assert english != MESSAGES["nl"][key], f"{key} is not translated"


@pytest.mark.parametrize(
    ("accept_language", "lang", "heading"),
    [
        ("nl-NL,nl;q=0.9,en;q=0.5", "nl", "Inloggen"),
        ("en-GB,en;q=0.9", "en", "Sign in"),
        ("fr-FR", "en", "Sign in"),
    ],
)
def test_the_page_speaks_the_browsers_language(
    client: TestClient, accept_language: str, lang: str, heading: str
) -> None:
    page = client.get(
        AUTHORIZE, params=authorize_query(new_pkce()), headers={"Accept-Language": accept_language}
    )
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert f"<h1>{heading}</h1>" in page.text
    assert page.headers["content-language"] == lang


def test_the_link_at_the_top_switches_the_language_and_keeps_the_request(
    client: TestClient,
) -> None:
    query = authorize_query(new_pkce())
    english = client.get(AUTHORIZE, params=query, headers={"Accept-Language": "en"})
    links = [a for a in PageReader(english.text).all("a") if a.get("hreflang") == "nl"]
    assert len(links) == 1 and links[0]["lang"] == "nl"
    dutch = client.get(links[0]["href"], headers={"Accept-Language": "en"})
    assert '<html lang="nl">' in dutch.text
    hidden = {
        field["name"]: field["value"]
        for field in PageReader(dutch.text).all("input")
        if field.get("type") == "hidden"
    }
    assert {name: hidden[name] for name in query} == query
    assert hidden["lang"] == "nl"


def test_a_dutch_page_holds_no_english_sentence(client: TestClient, ada: Account) -> None:
    query = {**authorize_query(new_pkce()), "lang": "nl"}
    pages = [
        client.get(AUTHORIZE, params=query).text,
        fill_in_sign_in(client, query, ada, password="wrong").text,
        client.get(AUTHORIZE, params={**query, "prompt": "login"}).text,
        client.get(DEVICE_PAGE, params={"lang": "nl"}).text,
        client.get(AUTHORIZE, params={**query, "client_id": "other-app"}).text,
    ]
    english = [
        sentence
        for key, sentence in MESSAGES["en"].items()
        if key not in ("site", "other_language") and not _placeholders(sentence)
    ]
    for page in pages:
        assert '<html lang="nl">' in page
        for sentence in english:
            assert sentence not in page


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_field_has_a_label_and_the_pages_need_no_javascript(
    client: TestClient, lang: str
) -> None:
    for path, params in (
        (AUTHORIZE, {**authorize_query(new_pkce()), "lang": lang}),
        (DEVICE_PAGE, {"lang": lang}),
    ):
        page = client.get(path, params=params)
        reader = PageReader(page.text)
        labelled = {label["for"] for label in reader.all("label")}
        visible = [field for field in reader.all("input") if field.get("type") != "hidden"]
        assert visible and all(field["id"] in labelled for field in visible)
        assert all("required" in field for field in visible if field["name"] != "user_code")
        assert reader.all("script") == []
        assert "script-src" not in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        assert len([b for b in reader.all("button") if b.get("type") == "submit"]) == 2


def test_the_step_up_page_says_what_it_is_for(client: TestClient) -> None:
    page = client.get(AUTHORIZE, params={**authorize_query(new_pkce()), "prompt": "login"})
    assert "<h1>Confirm it is you</h1>" in page.text and "delete your account" in page.text
    same = client.get(AUTHORIZE, params={**authorize_query(new_pkce()), "max_age": "0"})
    assert "<h1>Confirm it is you</h1>" in same.text


def test_a_bad_request_page_is_announced_and_in_both_languages(client: TestClient) -> None:
    for lang, words in (("en", "not known"), ("nl", "niet bekend")):
        query = {**authorize_query(new_pkce(), client_id="other-app"), "lang": lang}
        page = client.get(AUTHORIZE, params=query)
        assert page.status_code == 400 and f'<html lang="{lang}">' in page.text
        assert 'role="alert"' in page.text and words in page.text
