"""The authorities table (issue 13): complete, one per EU/EEA country, addresses on their own
domains."""

from __future__ import annotations

from dataclasses import fields
from urllib.parse import urlsplit

from app.core.authorities import AUTHORITIES, BY_COUNTRY, sorted_for

EU = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip
EEA_OUTSIDE_THE_EU = {"IS", "LI", "NO"}


def test_every_eu_and_eea_country_has_exactly_one_authority() -> None:
    countries = [authority.country for authority in AUTHORITIES]
    assert len(countries) == len(set(countries)), "a country twice"
    assert set(countries) == EU | EEA_OUTSIDE_THE_EU
    assert set(BY_COUNTRY) == set(countries)


def test_every_entry_is_complete() -> None:
    for authority in AUTHORITIES:
        for column in fields(authority):
            value = getattr(authority, column.name)
            assert isinstance(value, str) and value.strip() == value and value, (
                authority.country,
                column.name,
            )


def test_every_address_is_https_on_the_authoritys_own_domain() -> None:
    for authority in AUTHORITIES:
        site, page = urlsplit(authority.website), urlsplit(authority.complaint_page)
        assert site.scheme == page.scheme == "https", authority.country
        assert site.hostname and page.hostname, authority.country
        assert page.hostname == site.hostname or page.hostname.endswith("." + site.hostname)
        assert not site.query and not site.fragment, authority.country


def test_the_list_follows_the_country_names_of_the_language_shown() -> None:
    dutch = [authority.country_nl for authority in sorted_for("nl")]
    english = [authority.country_en for authority in sorted_for("en")]
    assert dutch == sorted(dutch) and english == sorted(english)
    assert sorted_for("nl")[0].country == "BE"  # België before Bulgarije
    assert sorted_for("en")[0].country == "AT"
