"""What the service holds, seen through the app's client: the summary of every category,
records paged by cursor to the last one, signed receipts the app can check itself, and the
crash report the app sends only as the user allows. Against the real service on loopback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.api.client import PrivacyClient, TokenGrant
from app.api.errors import FailureKind, ServiceError
from app.api.parse import (
    parse_choices_changed,
    parse_data_summary,
    parse_public_keys,
    parse_receipt_page,
    parse_record_page,
)
from app.core.receipts import verify_receipt
from server.db.models import PlaybackEvent
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def client(live_service: EmbeddedService) -> PrivacyClient:
    return PrivacyClient(live_service.base_url)


@pytest.fixture
def ada(client: PrivacyClient) -> TokenGrant:
    return client.password_grant(USER_EMAIL, USER_PASSWORD)


def _seed_playback(service: EmbeddedService, user_id: str, count: int) -> None:
    """`count` playback events (C5), two per minute so pages must break ties by id."""
    with service.database.session() as session:
        session.add_all(
            PlaybackEvent(
                user_id=user_id,
                occurred_at=NOW - timedelta(minutes=number // 2),
                device=f"Living room {number % 3}",
                media_kind="music",
                duration_seconds=number,
                bitrate_kbps=320,
                resolution="",
                file_type="flac",
                ip_address="192.0.2.7",
            )
            for number in range(count)
        )


# --- your data -----------------------------------------------------------------------------


def test_summary_names_every_category_with_what_it_holds_and_why(
    live_service: EmbeddedService, client: PrivacyClient, ada: TokenGrant
) -> None:
    _seed_playback(live_service, ada.user_id, 5)
    summary = {category.id: category for category in client.data_summary(ada.access_token)}

    assert sorted(summary, key=lambda id: int(id[1:])) == [f"C{n}" for n in range(1, 17)]
    playback = summary["C5"]
    assert playback.count == 5
    assert playback.holds_records
    assert playback.first_collected == NOW - timedelta(minutes=2)
    assert playback.last_collected == NOW
    assert playback.last_collected.tzinfo is UTC
    assert playback.purposes and playback.sources and playback.recipients and playback.retention
    assert all(isinstance(label, str) and label for label in summary["C1"].ccpa)
    nothing_by_design = [c for c in summary.values() if not c.holds_records]
    assert nothing_by_design and all(c.empty_reason and c.count == 0 for c in nothing_by_design)
    dutch = PrivacyClient(live_service.base_url, language="nl").data_summary(ada.access_token)
    assert [c.id for c in dutch] == list(summary)
    assert dutch[0].title != summary["C1"].title


def test_paging_by_cursor_walks_every_record_once_newest_first(
    live_service: EmbeddedService, client: PrivacyClient, ada: TokenGrant
) -> None:
    _seed_playback(live_service, ada.user_id, 451)
    pages = [client.records(ada.access_token, "C5", limit=200)]
    while pages[-1].next_cursor is not None:
        pages.append(client.records(ada.access_token, "C5", pages[-1].next_cursor, limit=200))

    assert [len(page.records) for page in pages] == [200, 200, 51]
    assert pages[-1].is_last and not pages[0].is_last
    records = [record for page in pages for record in page.records]
    assert len({record["id"] for record in records}) == 451
    times = [str(record["occurred_at"]) for record in records]
    assert times == sorted(times, reverse=True)
    assert pages[0].fields[0] == "id" and "device" in pages[0].fields
    assert all(set(record) == set(pages[0].fields) for record in records)


def test_a_category_without_records_answers_one_empty_last_page(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    page = client.records(ada.access_token, "C3")
    assert page.category == "C3" and page.records == () and page.next_cursor is None


def test_an_unknown_category_or_a_forged_cursor_is_refused_not_misread(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    with pytest.raises(ServiceError) as unknown:
        client.records(ada.access_token, "C99")
    assert (unknown.value.kind, unknown.value.status) == (FailureKind.REJECTED, 404)
    with pytest.raises(ServiceError) as forged:
        client.records(ada.access_token, "C5", cursor="not-a-cursor")
    assert (forged.value.kind, forged.value.status) == (FailureKind.REJECTED, 400)
    # An id is one path segment: it can never reach another route.
    with pytest.raises(ServiceError) as escaped:
        client.records(ada.access_token, "../choices")
    assert escaped.value.status == 404


# --- receipts ------------------------------------------------------------------------------


def test_each_changed_choice_comes_back_with_a_receipt_the_app_verifies(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    before = client.choices(ada.access_token)
    wanted = {"X1": not before.value_of("X1"), "X5": bool(before.value_of("X5"))}

    values, receipts = client.change_choices_with_receipts(ada.access_token, before.etag, wanted)

    assert values.value_of("X1") is wanted["X1"] and values.etag != before.etag
    # X5 kept its value: no new consent, no receipt.
    assert [(r.choice_id, r.value) for r in receipts] == [("X1", wanted["X1"])]
    receipt = receipts[0]
    assert receipt.fields()["choiceId"] == "X1"
    assert receipt.issued_at.tzinfo is UTC
    keys = client.public_keys()
    assert verify_receipt(receipt, keys)
    listed, next_cursor = client.receipts(ada.access_token)
    assert [r.id for r in listed] == [receipt.id] and next_cursor is None
    assert listed[0] == receipt


def test_a_receipt_with_an_edited_payload_does_not_verify(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    before = client.choices(ada.access_token)
    _, (receipt,) = client.change_choices_with_receipts(
        ada.access_token, before.etag, {"X2": not before.value_of("X2")}
    )
    keys = client.public_keys()
    value = str(receipt.value).lower()
    flipped = "false" if value == "true" else "true"
    tampered = replace(
        receipt, payload=receipt.payload.replace(f'"value":{value}', f'"value":{flipped}')
    )
    assert tampered.payload != receipt.payload
    assert verify_receipt(receipt, keys)
    assert not verify_receipt(tampered, keys)


def test_receipts_page_by_cursor_through_every_change(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    etag = client.choices(ada.access_token).etag
    issued: list[str] = []
    for value in (False, True, False, True, False):
        values, receipts = client.change_choices_with_receipts(
            ada.access_token, etag, {"X4": value}
        )
        etag = values.etag
        issued.extend(r.id for r in receipts)

    seen: list[str] = []
    cursor: str | None = None
    while True:
        page, cursor = client.receipts(ada.access_token, cursor, limit=2)
        seen.extend(r.id for r in page)
        if cursor is None:
            break
    assert len(issued) == 5
    assert sorted(seen) == sorted(issued)
    assert all(
        verify_receipt(r, client.public_keys()) for r in client.receipts(ada.access_token)[0]
    )


# --- what the app sends ----------------------------------------------------------------------

CRASH = {
    "app": "Privacy Desk",
    "app_version": "0.1.0",
    "device": "Linux",
    "summary": "ZeroDivisionError in overview_page.py",
    "body": "Traceback (most recent call last): ...",
}


def test_a_crash_report_is_kept_only_while_crash_reporting_is_on(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    token = ada.access_token
    etag = client.change_choices(token, client.choices(token).etag, {"X3": True}).etag
    assert client.send_crash_report(token, CRASH) == 1, "kept, and the answer says so"
    client.change_choices(token, etag, {"X3": False})
    assert client.send_crash_report(token, {**CRASH, "summary": "sent while off"}) == 0

    page = client.records(token, "C10")
    assert [record["summary"] for record in page.records] == [CRASH["summary"]]


def test_a_crash_report_the_service_cannot_take_is_refused(
    client: PrivacyClient, ada: TokenGrant
) -> None:
    with pytest.raises(ServiceError) as raised:
        client.send_crash_report(ada.access_token, {**CRASH, "password": "never a field"})
    assert raised.value.kind is FailureKind.REJECTED


# --- malformed answers -----------------------------------------------------------------------


def _summary_item(**overrides: Any) -> dict[str, Any]:
    item = {
        "id": "C5",
        "title": "Playback",
        "holds_records": True,
        "empty_reason": None,
        "count": 3,
        "first_collected": "2026-03-01T10:00:00Z",
        "last_collected": "2026-03-01T11:00:00+01:00",
        "retention": "Two years",
        "retention_rule": "T4",
        "sources": "Your apps",
        "purposes": "Statistics",
        "recipients": "Nobody",
        "ccpa": [{"id": "internet", "label": "Internet activity"}],
    }
    return {**item, **overrides}


def test_a_well_formed_summary_is_read_with_times_in_utc() -> None:
    (category,) = parse_data_summary({"language": "en", "categories": [_summary_item()]})
    assert category.ccpa == ("Internet activity",)
    assert category.last_collected == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert category.last_collected.tzinfo is UTC


@pytest.mark.parametrize(
    "item",
    [
        _summary_item(count="3"),
        _summary_item(count=True),
        _summary_item(count=-1),
        _summary_item(first_collected="2026-03-01T10:00:00"),  # no zone: ambiguous
        _summary_item(last_collected="soon"),
        _summary_item(ccpa=["Internet activity"]),
        _summary_item(holds_records="yes"),
        {"id": "C5"},
    ],
)
def test_malformed_summaries_are_bad_answers(item: Any) -> None:
    with pytest.raises(ServiceError) as raised:
        parse_data_summary({"categories": [item]})
    assert raised.value.kind is FailureKind.BAD_ANSWER


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"category": "C5", "fields": ["id"], "records": [{"id": 1}]},  # no next_cursor at all
        {"category": "C5", "fields": ["id", "device"], "records": [{"id": 1}], "next_cursor": None},
        {"category": "C5", "fields": ["id"], "records": [[1]], "next_cursor": None},
        {"category": "C5", "fields": ["id"], "records": [{"id": {"x": 1}}], "next_cursor": None},
        {"category": "C5", "fields": [1], "records": [], "next_cursor": None},
        {"category": "C5", "fields": ["id"], "records": [], "next_cursor": ""},
        {"category": "C5", "fields": ["id"], "records": [], "next_cursor": 5},
    ],
)
def test_malformed_record_pages_are_bad_answers(data: Any) -> None:
    with pytest.raises(ServiceError) as raised:
        parse_record_page(data)
    assert raised.value.kind is FailureKind.BAD_ANSWER


def _receipt_item(**overrides: Any) -> dict[str, Any]:
    item = {
        "id": "r1",
        "issued_at": "2026-03-01T12:00:00Z",
        "choice_id": "X1",
        "value": False,
        "payload": "{}",
        "signature": "c2ln",
        "key_id": "k1",
    }
    return {**item, **overrides}


@pytest.mark.parametrize(
    "item",
    [
        _receipt_item(value="false"),
        _receipt_item(payload={"choiceId": "X1"}),
        _receipt_item(issued_at=None),
        _receipt_item(signature=None),
        {"id": "r1"},
    ],
)
def test_malformed_receipts_are_bad_answers(item: Any) -> None:
    with pytest.raises(ServiceError) as raised:
        parse_receipt_page({"receipts": [item], "next_cursor": None})
    assert raised.value.kind is FailureKind.BAD_ANSWER


def test_a_patch_answer_without_its_receipts_is_a_bad_answer() -> None:
    data = {"version": 2, "choices": [{"id": "X1", "value": False, "changed_at": None}]}
    with pytest.raises(ServiceError) as raised:
        parse_choices_changed(data, '"2"')
    assert raised.value.kind is FailureKind.BAD_ANSWER
    values, receipts = parse_choices_changed({**data, "receipts": [_receipt_item()]}, '"2"')
    assert values.value_of("X1") is False and receipts[0].id == "r1"


def test_keys_of_an_algorithm_the_app_cannot_check_are_left_out() -> None:
    key = {
        "key_id": "k1",
        "algorithm": "Ed25519",
        "public_key": "AAAA",
        "created_at": "2026-03-01T12:00:00Z",
    }
    other = {**key, "key_id": "k2", "algorithm": "ML-DSA-65"}
    assert [k.key_id for k in parse_public_keys({"keys": [key, other]})] == ["k1"]
    with pytest.raises(ServiceError) as raised:
        parse_public_keys({"keys": [{**key, "algorithm": None}]})
    assert raised.value.kind is FailureKind.BAD_ANSWER
