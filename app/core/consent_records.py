"""The user's consent receipts as consent records others can read (issue 14): JSON-LD in the
shape of ISO/IEC TS 27560 consent records, with the W3C Data Privacy Vocabulary (DPV).

One record per choice the user ever changed: who the data subject and the controller are,
what the consent is for (the purpose, in DPV's terms and in the service's words), which
personal data it covers, who receives it when it is shared, the legal basis (consent,
GDPR Art. 6(1)(a)), its status now (given or withdrawn) and its whole history:
one event per receipt, each with the exact text the service signed, the Ed25519 signature
and whether it verified. The signed Kantara receipts stay the evidence; these records say the
same in a vocabulary RDF tools understand (tests/e2e/test_consent_records.py reads them
with rdflib).

Terms DPV has no word for (a receipt's signature, its id, a change made by a Global
Privacy Control signal) are in this project's own namespace, `urn:privacy-desk:evidence:`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.core.receipts import ConsentReceipt, receipt_origin

DPV = "https://w3id.org/dpv#"
EU_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
OWN = "urn:privacy-desk:evidence:"

CONTEXT: dict[str, Any] = {
    "dpv": DPV,
    "eu-gdpr": EU_GDPR,
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "pd": OWN,
}

# Kantara v1.1 purpose categories (what the service's receipts name) → DPV purposes.
_PURPOSES = {
    "Core Function": "dpv:ServiceProvision",
    "Personalized Experience": "dpv:ServicePersonalisation",
    "Marketing": "dpv:Marketing",
    "Marketing Third Parties": "dpv:Marketing",
    "Sharing for Marketing": "dpv:Marketing",
    "Improve Performance": "dpv:ServiceOptimisation",
}

GIVEN = "dpv:ConsentGiven"
WITHDRAWN = "dpv:ConsentWithdrawn"


def _when(receipt: ConsentReceipt) -> datetime:
    moment = receipt.issued_at
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _time(moment: datetime) -> dict[str, str]:
    return {"@value": moment.astimezone(UTC).isoformat(), "@type": "xsd:dateTime"}


def _status(history: Sequence[ConsentReceipt]) -> str:
    """Every receipt records the user switching a choice: off is a withdrawal, also of a
    choice that was on by default and so never had a receipt of its own."""
    return GIVEN if history[-1].value else WITHDRAWN


def consent_records(
    receipts: Sequence[ConsentReceipt], verified: Mapping[str, bool]
) -> dict[str, Any]:
    """A JSON-LD document with one dpv:ConsentRecord per choice; `verified` says, by receipt
    id, whether its signature checked out against the service's published keys."""
    by_choice: dict[str, list[ConsentReceipt]] = defaultdict(list)
    for receipt in sorted(receipts, key=_when):
        by_choice[receipt.choice_id].append(receipt)
    graph = [
        _record(choice_id, history, verified) for choice_id, history in sorted(by_choice.items())
    ]
    return {"@context": CONTEXT, "@graph": graph}


def _record(
    choice_id: str, history: list[ConsentReceipt], verified: Mapping[str, bool]
) -> dict[str, Any]:
    latest = history[-1].fields()
    controller = (latest.get("piiControllers") or [{}])[0]
    service = (latest.get("services") or [{}])[0]
    purpose = (service.get("purposes") or [{}])[0]
    subject = str(latest.get("piiPrincipalId", ""))
    controller_url = str(controller.get("piiControllerUrl", ""))
    record: dict[str, Any] = {
        "@id": f"{OWN}record:{controller_url}:{subject}:{choice_id}",
        "@type": "dpv:ConsentRecord",
        "dct:identifier": choice_id,
        "dct:title": str(service.get("service", choice_id)),
        "dct:modified": _time(_when(history[-1])),
        "dpv:hasDataSubject": {
            "@id": f"{OWN}subject:{controller_url}:{subject}",
            "@type": "dpv:DataSubject",
            "dct:identifier": subject,
        },
        "dpv:hasDataController": {
            "@id": controller_url or f"{OWN}controller",
            "@type": "dpv:DataController",
            "dct:title": str(controller.get("piiController", "")),
        },
        "dpv:hasPurpose": {
            "@type": "dpv:Purpose",
            "dct:description": str(purpose.get("purpose", "")),
            "dct:type": [
                {"@id": _PURPOSES[category]}
                for category in purpose.get("purposeCategory", [])
                if category in _PURPOSES
            ],
        },
        "dpv:hasPersonalData": [
            {"@type": "dpv:PersonalData", "dct:title": str(title)}
            for title in purpose.get("piiCategory", [])
        ],
        "dpv:hasLegalBasis": [{"@id": "dpv:Consent"}, {"@id": "eu-gdpr:A6-1-a"}],
        "dpv:hasJurisdiction": str(latest.get("jurisdiction", "")),
        "dpv:hasConsentStatus": {"@id": _status(history)},
        "pd:event": [_event(receipt, verified) for receipt in history],
    }
    if purpose.get("thirdPartyDisclosure"):
        record["dpv:hasRecipient"] = {
            "@type": "dpv:ThirdParty",
            "dct:title": str(purpose.get("thirdPartyName", "")),
        }
    if latest.get("policyUrl"):
        record["dct:source"] = {"@id": str(latest["policyUrl"])}
    return record


def _event(receipt: ConsentReceipt, verified: Mapping[str, bool]) -> dict[str, Any]:
    fields = receipt.fields()
    return {
        "@id": f"{OWN}receipt:{receipt.id}",
        "@type": "pd:ConsentEvent",
        "dpv:hasConsentStatus": {"@id": GIVEN if receipt.value else WITHDRAWN},
        "dpv:isIndicatedAtTime": _time(_when(receipt)),
        "pd:collectionMethod": str(fields.get("collectionMethod", "")),
        "pd:receiptId": receipt.id,
        "pd:signedPayload": receipt.payload,
        "pd:signature": receipt.signature,
        "pd:keyId": receipt.key_id,
        "pd:signatureVerified": bool(verified.get(receipt.id, False)),
        **_origin(receipt),
    }


def _origin(receipt: ConsentReceipt) -> dict[str, Any]:
    """Who made the change, where the receipt says: a Global Privacy Control signal (and
    the browser or app that sent it), or the user overriding such a signal."""
    origin = receipt_origin(receipt.fields())
    if origin is None:
        return {}
    if origin.gpc:
        described: dict[str, Any] = {"pd:origin": "gpc-signal"}
        if origin.client:
            described["pd:originClient"] = origin.client
        return described
    return {"pd:origin": "data-subject", "pd:overridesGpcSignal": origin.overrides_gpc}
