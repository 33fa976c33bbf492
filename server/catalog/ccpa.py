"""The US-law (CCPA) view of the catalog: which statutory class each category falls under.

Californian users are told about their data in the law's own classes rather than in the
service's categories, so the data summary shows both. The mapping is data, like the rest
of the catalog: a category may fall under several classes, and one that holds nothing about
the user (C3, C9, C13, C16) falls under none.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.catalog.model import Text


@dataclass(frozen=True)
class CcpaClass:
    """One class of personal information as the CCPA names it."""

    id: str
    label: Text


CCPA_CLASSES: tuple[CcpaClass, ...] = (
    CcpaClass(
        "identifiers",
        Text(en="Identifiers", nl="Identificatiegegevens"),
    ),
    CcpaClass(
        "customer_records",
        Text(en="Customer records", nl="Klantgegevens"),
    ),
    CcpaClass(
        "commercial_information",
        Text(en="Commercial information", nl="Commerciële gegevens"),
    ),
    CcpaClass(
        "internet_activity",
        Text(en="Internet or network activity", nl="Internet- of netwerkactiviteit"),
    ),
    CcpaClass(
        "geolocation",
        Text(en="Geolocation data", nl="Locatiegegevens"),
    ),
    CcpaClass(
        "inferences",
        Text(en="Inferences about your preferences", nl="Afgeleide kenmerken en voorkeuren"),
    ),
    CcpaClass(
        "other_linked_data",
        Text(
            en="Other information linked to you",
            nl="Overige gegevens die aan jou zijn gekoppeld",
        ),
    ),
)

CCPA_CLASSES_BY_ID: dict[str, CcpaClass] = {entry.id: entry for entry in CCPA_CLASSES}

# Category id (policy-facts C1-C16) -> the CCPA classes its records fall under.
CCPA_CLASSES_OF_CATEGORY: dict[str, tuple[str, ...]] = {
    # e-mail and username identify you; the plan and its payment make you a customer
    "C1": ("identifiers", "customer_records", "commercial_information"),
    # names and e-mail addresses of the linked accounts
    "C2": ("identifiers", "other_linked_data"),
    "C3": (),
    # what you asked a voice assistant or webhook to play
    "C4": ("other_linked_data",),
    # how, when and on which device your own media played
    "C5": ("internet_activity",),
    # what you watched and when, ad interactions, postcode, and the ad profile built from it
    "C6": ("internet_activity", "geolocation", "inferences", "other_linked_data"),
    # counts reported to partners about third-party content
    "C7": ("commercial_information", "other_linked_data"),
    # server names, IP addresses and ports
    "C8": ("identifiers", "internet_activity"),
    "C9": (),
    # logs and crash reports from your apps
    "C10": ("internet_activity",),
    # IP address, operating system, browser and rough location
    "C11": ("identifiers", "internet_activity", "geolocation"),
    # one id per installed app
    "C12": ("identifiers",),
    "C13": (),
    # cookie ids and what the website saw
    "C14": ("identifiers", "internet_activity"),
    # what you agreed to and when
    "C15": ("other_linked_data",),
    "C16": (),
}
