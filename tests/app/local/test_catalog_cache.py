"""The catalog kept for starting offline: read back as it was, per service and language."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.catalog import Catalog, Category, Choice
from app.local.catalog_cache import CatalogCache

SERVICE = "https://privacy.example"


def catalog(language: str, title: str = "Share playback statistics") -> Catalog:
    return Catalog(
        language,
        (
            Choice("X1", title, "Two sentences.", True, ("C5",)),
            # One a Global Privacy Control signal switches off: started offline, the app
            # still names it under the GPC setting.
            Choice("X2", "Personalised ads", "Two more.", True, ("C7",), gpc=True),
        ),
        (Category("C5", "Playback", "What.", "Apps.", "Why.", "Nobody.", "30 days.", True, None),),
    )


def test_a_saved_catalog_comes_back_equal(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path / "catalog.json")
    cache.save(SERVICE, catalog("en"))
    assert CatalogCache(cache.path).load(SERVICE, "en") == catalog("en")


def test_the_users_language_first_then_any_language_of_that_service(tmp_path: Path) -> None:
    cache = CatalogCache(tmp_path / "catalog.json")
    cache.save(SERVICE, catalog("en"))
    cache.save(SERVICE, catalog("nl", "Afspeelstatistieken delen"))
    assert cache.load(SERVICE, "nl") == catalog("nl", "Afspeelstatistieken delen")
    assert cache.load(SERVICE, "de") is not None
    assert cache.load("https://other.example", "en") is None


def test_an_unreadable_cache_is_no_catalog_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text('{"version": 1, "catalogs": {"' + SERVICE + ' en": {"choices": 3}}}')
    assert CatalogCache(path).load(SERVICE, "en") is None
    path.write_text("not json")
    assert CatalogCache(path).load(SERVICE, "en") is None


def test_the_flows_come_back_too_and_a_cache_from_before_them_still_loads(tmp_path: Path) -> None:
    from dataclasses import replace

    from app.core.catalog import DataFlow, Purpose, Recipient

    with_flows = replace(
        catalog("en"),
        purposes=(Purpose("improve", "Improving the service", "Why."),),
        recipients=(Recipient("analytics", "Analytics providers", "Who."),),
        flows=(
            DataFlow("C5", "improve", "analytics", "X1"),
            DataFlow("C5", "improve", "analytics", None),
        ),
    )
    cache = CatalogCache(tmp_path / "catalog.json")
    cache.save(SERVICE, with_flows)
    assert CatalogCache(cache.path).load(SERVICE, "en") == with_flows

    older = tmp_path / "older.json"
    entry = {
        "language": "en",
        "choices": [
            {"id": "X1", "title": "T", "explanation": "E", "default": True, "categories": ["C5"]}
        ],
        "categories": [],
    }
    older.write_text(
        '{"version": 1, "catalogs": {"' + SERVICE + ' en": ' + json.dumps(entry) + "}}"
    )
    loaded = CatalogCache(older).load(SERVICE, "en")
    assert loaded is not None and loaded.flows == () and loaded.choices[0].id == "X1"
