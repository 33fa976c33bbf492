"""Consent records others can read (issue 14): the receipts of real choice changes on the
real service, exported in the evidence bundle as JSON-LD with W3C DPV terms, read back by
an RDF reader (rdflib) and queried with SPARQL."""

from __future__ import annotations

import zipfile
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from app.api.client import PrivacyClient
from app.core.receipts import ConsentReceipt, b64url_decode
from app.local.evidence_store import BUNDLE_CONSENT_RECORDS, EvidenceStore
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD

DPV = Namespace("https://w3id.org/dpv#")
PD = Namespace("urn:privacy-desk:evidence:")
DCT = Namespace("http://purl.org/dc/terms/")
EU_GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")

# Every DPV term the records may use: each is a term of DPV 2 (https://w3id.org/dpv).
DPV_TERMS = {
    DPV[name]
    for name in (
        "ConsentRecord", "DataSubject", "DataController", "Purpose", "PersonalData",
        "ThirdParty", "Consent", "ConsentGiven", "ConsentWithdrawn",
        "ServiceProvision", "ServicePersonalisation", "Marketing", "ServiceOptimisation",
        "hasDataSubject", "hasDataController", "hasPurpose", "hasPersonalData",
        "hasRecipient", "hasLegalBasis", "hasJurisdiction", "hasConsentStatus",
        "isIndicatedAtTime",
    )
}  # fmt: skip


def _flip(client: PrivacyClient, token: str, changes: dict[str, bool]) -> list[ConsentReceipt]:
    etag = client.choices(token).etag
    assert etag is not None
    _values, receipts = client.change_choices_with_receipts(token, etag, changes)
    return list(receipts)


@pytest.fixture
def graph_and_receipts(
    live_service: EmbeddedService, tmp_path: Path
) -> tuple[Graph, list[ConsentReceipt]]:
    client = PrivacyClient(live_service.base_url)
    token = client.password_grant(USER_EMAIL, USER_PASSWORD).access_token
    receipts = _flip(client, token, {"X1": False})
    receipts += _flip(client, token, {"X5": True, "X3": False})
    receipts += _flip(client, token, {"X1": True})
    assert len(receipts) == 4
    store = EvidenceStore(tmp_path / "evidence.jsonl")
    store.add_all(receipts)
    bundle = store.export_bundle(tmp_path / "evidence.zip", client.public_keys())
    with zipfile.ZipFile(bundle) as opened:
        text = opened.read(BUNDLE_CONSENT_RECORDS).decode("utf-8")
    graph = Graph()
    graph.parse(data=text, format="json-ld")
    return graph, receipts


def _record(graph: Graph, choice_id: str) -> URIRef:
    found = [
        subject
        for subject in graph.subjects(RDF.type, DPV.ConsentRecord)
        if (subject, DCT.identifier, None) in graph
        and str(graph.value(subject, DCT.identifier)) == choice_id
    ]
    assert len(found) == 1, f"one record for {choice_id}, found {found}"
    record = found[0]
    assert isinstance(record, URIRef)
    return record


def test_every_record_has_the_fields_a_consent_record_needs(
    graph_and_receipts: tuple[Graph, list[ConsentReceipt]],
) -> None:
    graph, _receipts = graph_and_receipts
    records = set(graph.subjects(RDF.type, DPV.ConsentRecord))
    assert len(records) == 3  # X1, X3 and X5 were changed
    rows = graph.query(
        """
        PREFIX dpv: <https://w3id.org/dpv#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?record ?subject ?controller ?name ?purpose ?data ?status WHERE {
            ?record a dpv:ConsentRecord ;
                dpv:hasDataSubject ?subject ;
                dpv:hasDataController ?controller ;
                dpv:hasPurpose ?purpose ;
                dpv:hasPersonalData ?data ;
                dpv:hasLegalBasis dpv:Consent ;
                dpv:hasConsentStatus ?status .
            ?controller a dpv:DataController ; dct:title ?name .
            ?subject a dpv:DataSubject .
            ?purpose a dpv:Purpose ; dct:description ?what .
            ?data a dpv:PersonalData ; dct:title ?category .
        }
        """
    )
    assert {row[0] for row in rows} == records  # type: ignore[index]
    for record in records:
        assert (record, DPV.hasLegalBasis, EU_GDPR["A6-1-a"]) in graph


def test_status_and_history_follow_the_changes_and_every_signature_checks(
    graph_and_receipts: tuple[Graph, list[ConsentReceipt]], live_service: EmbeddedService
) -> None:
    graph, receipts = graph_and_receipts
    x1, x3, x5 = (_record(graph, choice) for choice in ("X1", "X3", "X5"))
    assert graph.value(x1, DPV.hasConsentStatus) == DPV.ConsentGiven  # off, then on again
    assert graph.value(x3, DPV.hasConsentStatus) == DPV.ConsentWithdrawn
    assert graph.value(x5, DPV.hasConsentStatus) == DPV.ConsentGiven
    recipient = graph.value(x5, DPV.hasRecipient)
    assert recipient is not None and (recipient, RDF.type, DPV.ThirdParty) in graph

    events = list(graph.objects(x1, PD.event))
    assert len(events) == 2
    statuses = sorted(
        (str(graph.value(event, DPV.isIndicatedAtTime)), graph.value(event, DPV.hasConsentStatus))
        for event in events
    )
    assert [status for _when, status in statuses] == [DPV.ConsentWithdrawn, DPV.ConsentGiven]

    published = httpx.get(f"{live_service.base_url}/v1/keys").json()["keys"]
    keys = {key["key_id"]: key["public_key"] for key in published}
    by_id = {receipt.id: receipt for receipt in receipts}
    for event in graph.subjects(RDF.type, PD.ConsentEvent):
        assert str(graph.value(event, PD.signatureVerified)).lower() == "true"
        receipt = by_id[str(graph.value(event, PD.receiptId))]
        payload = str(graph.value(event, PD.signedPayload))
        assert payload == receipt.payload, "the signed text, byte for byte"
        key = Ed25519PublicKey.from_public_bytes(
            b64url_decode(keys[str(graph.value(event, PD.keyId))])
        )
        key.verify(b64url_decode(str(graph.value(event, PD.signature))), payload.encode())


def test_only_dpv_terms_that_exist_are_used(
    graph_and_receipts: tuple[Graph, list[ConsentReceipt]],
) -> None:
    graph, _receipts = graph_and_receipts
    used = {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(DPV))
    }
    assert used, "no DPV term at all"
    assert used <= DPV_TERMS, used - DPV_TERMS


def test_a_change_made_by_a_gpc_signal_says_so_and_so_does_the_users_answer_to_it(
    live_service: EmbeddedService, tmp_path: Path
) -> None:
    """A browser's Global Privacy Control signal switches X2 off, then the user switches it
    back on: the records' events name the signal and its browser, then the user's override."""
    client = PrivacyClient(live_service.base_url)
    token = client.password_grant(USER_EMAIL, USER_PASSWORD).access_token
    _flip(client, token, {"X2": False})
    _flip(client, token, {"X2": True})
    signal = httpx.get(
        f"{live_service.base_url}/v1/me/choices",
        headers={"Authorization": f"Bearer {token}", "Sec-GPC": "1", "User-Agent": "Firefox/133"},
    )
    assert signal.status_code == 200
    _flip(client, token, {"X2": True})
    page, _next = client.receipts(token)
    receipts = [r for r in page if r.choice_id == "X2"]
    assert len(receipts) == 4
    store = EvidenceStore(tmp_path / "evidence.jsonl")
    store.add_all(receipts)
    bundle = store.export_bundle(tmp_path / "evidence.zip", client.public_keys())
    with zipfile.ZipFile(bundle) as opened:
        graph = Graph().parse(
            data=opened.read(BUNDLE_CONSENT_RECORDS).decode("utf-8"), format="json-ld"
        )
    described = sorted(
        (
            str(graph.value(event, DPV.hasConsentStatus)).rsplit("#", 1)[-1],
            str(graph.value(event, PD.origin)),
            str(graph.value(event, PD.originClient)),
            str(graph.value(event, PD.overridesGpcSignal)),
        )
        for event in graph.objects(_record(graph, "X2"), PD.event)
    )
    assert described == [
        ("ConsentGiven", "None", "None", "None"),  # the user's own, before any signal
        ("ConsentGiven", "data-subject", "None", "true"),  # the user's answer to the signal
        ("ConsentWithdrawn", "None", "None", "None"),
        ("ConsentWithdrawn", "gpc-signal", "Firefox/133", "None"),
    ], described
