"""Global Privacy Control: a browser or app that sends `Sec-GPC: 1` on the user's signed-in
calls opts the user out of personalised ads (X2) and of sharing with content partners (X5),
with a signed receipt naming GPC and the app; the user's own later choice wins; the user
decides whether signals are honoured at all. Real headers, the real app, both databases.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select

from server.choices_state import CHOICES_OF_TOKEN
from server.db.database import Database
from server.db.hot_reads import hot_reads_for
from server.db.models import AdSegment, ChoiceChange, ChoiceValue, ConsentReceipt, User
from server.gpc import GPC_STATE_OF_TOKEN
from server.receipts import verify_receipt
from server.security import token_digest
from tests.server.helpers import (
    DEFAULTS_FROM_POLICY,
    Account,
    FakeClock,
    assert_problem,
    bearer,
    sign_in,
)

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE_APP = "MediaPlayer-Android/7.2 (Pixel 8)"
DESK = "PrivacyDesk/0.1.0"


@pytest.fixture
def ada_token(client: TestClient, ada: Account) -> str:
    token: str = sign_in(client, ada)["access_token"]
    return token


def signal(client: TestClient, token: str, *, app: str = PHONE_APP) -> httpx.Response:
    """A signed-in read from an app whose user has GPC on."""
    return client.get("/v1/me/choices", headers={**bearer(token), "Sec-GPC": "1", "X-Client": app})


def read(client: TestClient, token: str) -> httpx.Response:
    answer = client.get("/v1/me/choices", headers={**bearer(token), "X-Client": DESK})
    assert answer.status_code == 200, answer.text
    return answer


def patch(client: TestClient, token: str, changes: dict[str, bool]) -> httpx.Response:
    answer = client.patch(
        "/v1/me/choices",
        json={"changes": changes},
        headers={**bearer(token), "If-Match": "*", "X-Client": DESK},
    )
    assert answer.status_code == 200, answer.text
    return answer


def by_id(answer: httpx.Response) -> dict[str, dict[str, Any]]:
    return {choice["id"]: choice for choice in answer.json()["choices"]}


def values(answer: httpx.Response) -> dict[str, bool]:
    return {choice_id: choice["value"] for choice_id, choice in by_id(answer).items()}


def receipts_of(client: TestClient, token: str) -> list[dict[str, Any]]:
    answer = client.get("/v1/me/receipts?limit=100", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["receipts"]
    return found


def receipt_count(database: Database, account: Account) -> int:
    with database.session() as session:
        count = session.scalar(
            select(func.count())
            .select_from(ConsentReceipt)
            .where(ConsentReceipt.user_id == account.id)
        )
    return int(count or 0)


def give_ad_profile(database: Database, clock: FakeClock, account: Account) -> None:
    with database.session() as session:
        session.add_all(
            AdSegment(user_id=account.id, segment=segment, score=40, updated_at=clock.now)
            for segment in ("documentaries", "late-night viewer")
        )


def ad_profile(database: Database, account: Account) -> list[str]:
    with database.session() as session:
        return sorted(
            session.scalars(select(AdSegment.segment).where(AdSegment.user_id == account.id))
        )


def published_key(client: TestClient, key_id: str) -> str:
    keys = {key["key_id"]: key["public_key"] for key in client.get("/v1/keys").json()["keys"]}
    return keys[key_id]


# --- the catalog says which choices GPC stands for ------------------------------------------


def test_the_catalog_says_gpc_stands_for_personalised_ads_and_partner_sharing(
    client: TestClient,
) -> None:
    for language in ("en", "nl"):
        catalog = client.get("/v1/catalog", headers={"Accept-Language": language}).json()
        covered = {choice["id"]: choice["gpc"] for choice in catalog["choices"]}
        assert covered == {choice_id: choice_id in ("X2", "X5") for choice_id in covered}


# --- a signal opts out ----------------------------------------------------------------------


def test_a_gpc_signal_switches_off_ads_and_partner_sharing_with_receipts_naming_gpc_and_the_app(
    client: TestClient, database: Database, clock: FakeClock, ada: Account, ada_token: str
) -> None:
    # Ada once agreed to share with content partners, and has an ad profile.
    patch(client, ada_token, {"X5": True})
    give_ad_profile(database, clock, ada)
    before = read(client, ada_token)
    clock.advance(minutes=5)

    answer = signal(client, ada_token, app=PHONE_APP)

    # The signalling call itself already sees the opt-out.
    assert answer.status_code == 200, answer.text
    assert values(answer) == {**DEFAULTS_FROM_POLICY, "X2": False, "X5": False}
    assert answer.headers["ETag"] != before.headers["ETag"]
    assert answer.json()["version"] == before.json()["version"] + 1
    choices = by_id(answer)
    for choice_id in ("X2", "X5"):
        assert choices[choice_id]["origin"] == "gpc"
        assert choices[choice_id]["origin_client"] == PHONE_APP
        assert choices[choice_id]["changed_at"] is not None
    assert choices["X1"]["origin"] == "default" and choices["X1"]["origin_client"] is None
    # The ad profile went with X2 (its declared effect).
    assert ad_profile(database, ada) == []
    # One signed receipt per choice switched off, saying it was GPC, from Ada's phone app.
    receipts = receipts_of(client, ada_token)
    gpc_receipts = [r for r in receipts if json.loads(r["payload"]).get("origin")]
    assert sorted(r["choice_id"] for r in gpc_receipts) == ["X2", "X5"]
    for receipt in gpc_receipts:
        document = json.loads(receipt["payload"])
        assert document["value"] is False and receipt["value"] is False
        assert document["collectionMethod"] == f"Global Privacy Control signal ({PHONE_APP})"
        assert document["origin"] == {"kind": "gpc", "client": PHONE_APP}
        assert verify_receipt(
            receipt["payload"], receipt["signature"], published_key(client, receipt["key_id"])
        )
    # The audit trail names the signal and the app.
    with database.session() as session:
        changes = session.execute(
            select(ChoiceChange.choice_id, ChoiceChange.origin, ChoiceChange.client)
            .where(ChoiceChange.user_id == ada.id, ChoiceChange.origin == "gpc")
            .order_by(ChoiceChange.choice_id)
        ).all()
    assert [tuple(change) for change in changes] == [
        ("X2", "gpc", PHONE_APP),
        ("X5", "gpc", PHONE_APP),
    ]


def test_a_signal_on_any_signed_in_call_counts_and_a_browser_is_named_by_its_user_agent(
    client: TestClient, ada_token: str
) -> None:
    long_agent = FIREFOX + " extra" * 60
    answer = client.get(
        "/v1/me", headers={**bearer(ada_token), "Sec-GPC": "1", "User-Agent": long_agent}
    )

    assert answer.status_code == 200, answer.text
    x2 = by_id(read(client, ada_token))["X2"]
    assert x2["value"] is False and x2["origin"] == "gpc"
    assert x2["origin_client"] == long_agent[:200]
    [receipt] = receipts_of(client, ada_token)
    document = json.loads(receipt["payload"])
    assert document["origin"] == {"kind": "gpc", "client": long_agent[:200]}
    method = document["collectionMethod"]
    assert method.startswith("Global Privacy Control signal (Mozilla/5.0") and method.endswith(")")
    assert len(method) == 200


def test_a_repeated_signal_changes_nothing_further(
    client: TestClient, database: Database, ada: Account, ada_token: str
) -> None:
    first = signal(client, ada_token)
    receipts = receipt_count(database, ada)

    again = [signal(client, ada_token, app=app) for app in (PHONE_APP, FIREFOX, "TV/1.0")]

    assert [answer.headers["ETag"] for answer in again] == [first.headers["ETag"]] * 3
    assert all(answer.json() == first.json() for answer in again)
    assert receipt_count(database, ada) == receipts == 1  # X2 only: X5 was already off


def test_nothing_to_switch_off_costs_no_version_and_no_receipt(
    client: TestClient, database: Database, ada: Account, ada_token: str
) -> None:
    patch(client, ada_token, {"X2": False})  # Ada switched ads off herself
    before = read(client, ada_token)

    answer = signal(client, ada_token)

    assert answer.headers["ETag"] == before.headers["ETag"]
    assert by_id(answer)["X2"]["origin"] == "user"
    assert receipt_count(database, ada) == 1


# --- the user's explicit later choice wins -------------------------------------------------


def test_switching_ads_back_on_after_a_signal_wins_over_later_signals_and_the_receipt_says_so(
    client: TestClient, database: Database, ada: Account, ada_token: str
) -> None:
    signal(client, ada_token)

    back_on = patch(client, ada_token, {"X2": True})

    [receipt] = back_on.json()["receipts"]
    document = json.loads(receipt["payload"])
    assert document["origin"] == {"kind": "user", "overridesGpc": True}
    assert document["collectionMethod"] == f"Privacy Desk app ({DESK})"
    x2 = by_id(back_on)["X2"]
    assert (x2["value"], x2["origin"], x2["origin_client"]) == (True, "user", DESK)
    etag = back_on.headers["ETag"]
    receipts = receipt_count(database, ada)

    later = signal(client, ada_token, app=FIREFOX)

    assert by_id(later)["X2"]["value"] is True
    assert later.headers["ETag"] == etag
    assert receipt_count(database, ada) == receipts
    with database.session() as session:
        row = session.get(ChoiceValue, (ada.id, "X2"))
        assert row is not None and row.gpc_overridden is True


def test_the_override_holds_when_the_user_switches_ads_off_and_on_again_themselves(
    client: TestClient, ada_token: str
) -> None:
    signal(client, ada_token)
    patch(client, ada_token, {"X2": True})
    off = patch(client, ada_token, {"X2": False})
    assert "origin" not in json.loads(off.json()["receipts"][0]["payload"])

    on = patch(client, ada_token, {"X2": True})

    assert json.loads(on.json()["receipts"][0]["payload"])["origin"]["overridesGpc"] is True
    assert values(signal(client, ada_token))["X2"] is True


def test_a_choice_switched_on_before_any_signal_is_switched_off_by_the_signal(
    client: TestClient, ada_token: str
) -> None:
    """Only a choice made after a signal overrides it: agreeing to partner sharing first,
    then browsing with GPC on, is opting out later."""
    shared = patch(client, ada_token, {"X5": True})
    assert "origin" not in json.loads(shared.json()["receipts"][0]["payload"])

    assert values(signal(client, ada_token))["X5"] is False


# --- the user decides whether signals count -------------------------------------------------


def test_signals_are_honoured_by_default_and_the_user_can_say_no(
    client: TestClient, database: Database, ada: Account, ada_token: str
) -> None:
    assert client.get("/v1/me/gpc", headers=bearer(ada_token)).json() == {"honour_signals": True}

    said_no = client.put("/v1/me/gpc", json={"honour_signals": False}, headers=bearer(ada_token))

    assert said_no.status_code == 200, said_no.text
    assert said_no.json() == {"honour_signals": False}
    assert client.get("/v1/me/gpc", headers=bearer(ada_token)).json() == {"honour_signals": False}
    before = read(client, ada_token)
    ignored = signal(client, ada_token)
    assert ignored.headers["ETag"] == before.headers["ETag"]
    assert values(ignored)["X2"] is True
    assert receipt_count(database, ada) == 0

    client.put("/v1/me/gpc", json={"honour_signals": True}, headers=bearer(ada_token))

    assert values(signal(client, ada_token))["X2"] is False
    with database.session() as session:
        user = session.get(User, ada.id)
        assert user is not None and user.honour_gpc is True


def test_the_gpc_setting_is_each_users_own_and_needs_a_boolean(
    client: TestClient, ada_token: str, bob: Account
) -> None:
    bob_token = sign_in(client, bob)["access_token"]
    client.put("/v1/me/gpc", json={"honour_signals": False}, headers=bearer(ada_token))
    assert client.get("/v1/me/gpc", headers=bearer(bob_token)).json() == {"honour_signals": True}
    for body in (
        {"honour_signals": "no"},
        {"honour_signals": 0},
        {},
        {"honour_signals": True, "x": 1},
    ):
        assert_problem(client.put("/v1/me/gpc", json=body, headers=bearer(ada_token)), 422)
    assert_problem(client.get("/v1/me/gpc"), 401, code="invalid_token")
    assert_problem(client.put("/v1/me/gpc", json={"honour_signals": True}), 401)


# --- what is not a signal, or not a signed-in one ------------------------------------------


@pytest.mark.parametrize("value", ["0", "true", "yes", "11", "1, 1", ""])
def test_other_values_of_sec_gpc_say_nothing(
    client: TestClient, database: Database, ada: Account, ada_token: str, value: str
) -> None:
    before = read(client, ada_token)

    answer = client.get("/v1/me/choices", headers={**bearer(ada_token), "Sec-GPC": value})

    assert answer.headers["ETag"] == before.headers["ETag"]
    assert receipt_count(database, ada) == 0


def test_a_signal_without_a_valid_access_token_does_nothing_and_is_answered_as_before(
    client: TestClient, database: Database, clock: FakeClock, ada: Account, ada_token: str
) -> None:
    gpc = {"Sec-GPC": "1"}
    assert client.get("/v1/catalog", headers=gpc).status_code == 200
    assert client.get("/v1/health", headers=gpc).status_code == 200
    assert_problem(client.get("/v1/me/choices", headers=gpc), 401, code="invalid_token")
    assert_problem(
        client.get("/v1/me/choices", headers={**gpc, **bearer("made-up")}),
        401,
        code="invalid_token",
    )
    assert_problem(
        client.get("/v1/me/choices", headers={**gpc, "Authorization": f"Basic {ada_token}"}), 401
    )
    clock.advance(hours=3)  # Ada's access token has expired
    assert_problem(client.get("/v1/me", headers={**gpc, **bearer(ada_token)}), 401)
    assert receipt_count(database, ada) == 0
    with database.session() as session:
        assert session.scalars(select(ChoiceValue).where(ChoiceValue.user_id == ada.id)).all() == []


def test_a_signal_for_ada_leaves_bob_alone(
    client: TestClient, ada_token: str, bob: Account
) -> None:
    bob_token = sign_in(client, bob)["access_token"]

    signal(client, ada_token)

    assert values(read(client, bob_token)) == DEFAULTS_FROM_POLICY


# --- what stays as it was -------------------------------------------------------------------


def test_receipts_without_gpc_keep_the_document_they_always_had(
    client: TestClient, ada_token: str
) -> None:
    changed = patch(client, ada_token, {"X3": False, "X2": False})
    for receipt in changed.json()["receipts"]:
        document = json.loads(receipt["payload"])
        assert set(document) == {
            "version",
            "jurisdiction",
            "consentTimestamp",
            "collectionMethod",
            "consentReceiptID",
            "publicKey",
            "language",
            "piiPrincipalId",
            "piiControllers",
            "policyUrl",
            "services",
            "sensitive",
            "spiCat",
            "choiceId",
            "value",
        }
    choices = by_id(changed)
    assert choices["X3"]["origin"] == "user" and choices["X3"]["origin_client"] == DESK


def test_the_cheap_check_and_the_choices_read_see_on_the_event_loop_what_sqlalchemy_sees(
    client: TestClient, database: Database, ada_token: str
) -> None:
    """Booleans stay booleans on SQLite (honour_gpc, gpc_overridden), in both hot reads."""
    signal(client, ada_token)
    patch(client, ada_token, {"X2": True, "X1": False})
    client.put("/v1/me/gpc", json={"honour_signals": False}, headers=bearer(ada_token))

    async def hot(statement: Any) -> list[Any]:
        reads = hot_reads_for(database, concurrent_requests=2)
        try:
            return await reads.rows(statement, {"digest": token_digest(ada_token)})
        finally:
            await reads.close()

    for statement in (GPC_STATE_OF_TOKEN, CHOICES_OF_TOKEN):
        with database.engine.connect() as connection:
            expected = [
                tuple(row)
                for row in connection.execute(statement, {"digest": token_digest(ada_token)})
            ]
        assert sorted(asyncio.run(hot(statement)), key=repr) == sorted(expected, key=repr)
    rows = asyncio.run(hot(GPC_STATE_OF_TOKEN))
    assert {row[3] for row in rows} == {False}
    assert all(type(row[3]) is bool and type(row[6]) is bool for row in rows)
    assert {(row[4], row[6]) for row in rows} == {("X1", False), ("X2", True)}


# --- what it costs ----------------------------------------------------------------------------


class CountingReads:
    """The app's hot reads, counting the statements read through them."""

    def __init__(self, reads: Any) -> None:
        self.reads = reads
        self.statements: list[Any] = []

    async def rows(self, statement: Any, values: dict[str, Any]) -> list[Any]:
        self.statements.append(statement)
        found: list[Any] = await self.reads.rows(statement, values)
        return found

    async def close(self) -> None:
        await self.reads.close()


def test_a_call_without_the_signal_costs_no_extra_read_and_a_signal_with_nothing_to_do_no_write(
    client: TestClient, database: Database, ada_token: str
) -> None:
    app: Any = client.app
    counting = CountingReads(app.state.hot_reads)
    app.state.hot_reads = counting
    through_the_engine: list[str] = []

    def count(*args: Any) -> None:
        through_the_engine.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        read(client, ada_token)
        assert counting.statements == [CHOICES_OF_TOKEN]
        assert through_the_engine == []  # the hot read stays on the event loop

        signal(client, ada_token)  # switches X2 off: a write
        assert counting.statements[1:] == [GPC_STATE_OF_TOKEN, CHOICES_OF_TOKEN]
        assert any(statement.startswith("UPDATE users") for statement in through_the_engine)
        counting.statements.clear()
        through_the_engine.clear()

        signal(client, ada_token)  # nothing left to switch off: the check alone

        assert counting.statements == [GPC_STATE_OF_TOKEN, CHOICES_OF_TOKEN]
        assert through_the_engine == []
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
        app.state.hot_reads = counting.reads
