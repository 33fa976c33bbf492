"""GPC over real HTTP: a browser-like client sends `Sec-GPC: 1` to the service on a loopback
port (uvicorn, its thread pool, the database's own locking), on SQLite and on PostgreSQL.

Signals arrive with every call a browser makes, so they race each other and the user's own
change in an app: many at once must change things once, and none may undo what the user
switched back on after a signal.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import httpx
from sqlalchemy import func, select

from server.accounts import create_user
from server.config import Settings
from server.db.database import Database
from server.db.models import AdSegment, ChoiceChange, ChoiceValue, ConsentReceipt, User
from server.embedded import EmbeddedService
from tests.server.helpers import Account
from tests.server.live import all_at_once
from tests.server.processes import issue_access_token

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
_numbers = itertools.count()


def _wall_clock(settings: Settings) -> Settings:
    return replace(settings, clock=lambda: datetime.now(UTC))


def _new_account(database: Database, settings: Settings) -> tuple[Account, dict[str, str]]:
    email = f"racer{next(_numbers)}@example.org"
    with database.session() as session:
        user_id = create_user(session, settings, email=email, password="a long password").id
    account = Account(user_id, email, "a long password")
    return account, {"Authorization": f"Bearer {issue_access_token(database, account)}"}


def _browser(base_url: str, auth: dict[str, str]) -> httpx.Client:
    """A browser with GPC on: every call carries the signal and the browser's User-Agent."""
    return httpx.Client(
        base_url=base_url,
        timeout=30,
        headers={**auth, "Sec-GPC": "1", "User-Agent": FIREFOX},
    )


def _choices(base_url: str, auth: dict[str, str]) -> dict[str, bool]:
    answer = httpx.get(f"{base_url}/v1/me/choices", headers=auth, timeout=30)
    assert answer.status_code == 200, answer.text
    return {choice["id"]: choice["value"] for choice in answer.json()["choices"]}


def _receipt_origins(database: Database, account: Account) -> list[object]:
    with database.session() as session:
        payloads = session.scalars(
            select(ConsentReceipt.payload)
            .where(ConsentReceipt.user_id == account.id)
            .order_by(ConsentReceipt.issued_at, ConsentReceipt.id)
        ).all()
    return [json.loads(payload).get("origin") for payload in payloads]


def test_a_browser_with_gpc_on_opts_out_over_real_http(
    settings: Settings, database: Database
) -> None:
    wall_clock = _wall_clock(settings)
    account, auth = _new_account(database, wall_clock)
    with database.session() as session:
        session.add(
            AdSegment(user_id=account.id, segment="sports", score=70, updated_at=datetime.now(UTC))
        )
    with EmbeddedService(wall_clock) as service, _browser(service.base_url, auth) as browser:
        answer = browser.get("/v1/me/choices")

        assert answer.status_code == 200, answer.text
        x2 = next(choice for choice in answer.json()["choices"] if choice["id"] == "X2")
        assert (x2["value"], x2["origin"], x2["origin_client"]) == (False, "gpc", FIREFOX)
        assert browser.get("/v1/me").status_code == 200
        assert _choices(service.base_url, auth)["X2"] is False
    assert _receipt_origins(database, account) == [{"kind": "gpc", "client": FIREFOX}]
    with database.session() as session:
        assert session.scalars(select(AdSegment).where(AdSegment.user_id == account.id)).all() == []


def test_many_signals_at_the_same_moment_change_things_once(
    settings: Settings, database: Database
) -> None:
    wall_clock = _wall_clock(settings)
    account, auth = _new_account(database, wall_clock)
    with EmbeddedService(wall_clock) as service:
        agreed = httpx.patch(
            f"{service.base_url}/v1/me/choices",
            json={"changes": {"X5": True}},
            headers={**auth, "If-Match": "*", "X-Client": "PrivacyDesk/0.1.0"},
            timeout=30,
        )
        assert agreed.status_code == 200, agreed.text

        def one_signal(path: str) -> Callable[[], httpx.Response]:
            def call() -> httpx.Response:
                with _browser(service.base_url, auth) as browser:
                    return browser.get(path)

            return call

        paths = ["/v1/me/choices", "/v1/me", "/v1/me/receipts", "/v1/me/gpc"] * 2
        answers = all_at_once([one_signal(path) for path in paths])

        assert [answer.status_code for answer in answers] == [200] * len(paths)
        for answer in answers[::4]:  # the choices reads: each sees the opt-out
            values = {choice["id"]: choice["value"] for choice in answer.json()["choices"]}
            assert values["X2"] is False and values["X5"] is False
    with database.session() as session:
        user = session.get(User, account.id)
        assert user is not None and user.choices_version == 3  # X5 on, then one signal
        by_gpc = session.scalar(
            select(func.count())
            .select_from(ChoiceChange)
            .where(ChoiceChange.user_id == account.id, ChoiceChange.origin == "gpc")
        )
    assert by_gpc == 2
    assert _receipt_origins(database, account) == [None] + [{"kind": "gpc", "client": FIREFOX}] * 2


def test_signals_racing_the_users_switch_back_on_never_undo_it(
    settings: Settings, database: Database
) -> None:
    """A browser keeps sending the signal while the user, in the app, switches personalised
    ads back on after the browser's first signal switched them off: the user's choice holds,
    round after round, however the calls interleave."""
    wall_clock = _wall_clock(settings)
    with EmbeddedService(wall_clock) as service:
        for _round in range(4):
            _race_switching_back_on(service.base_url, database, wall_clock)


def _race_switching_back_on(base_url: str, database: Database, settings: Settings) -> None:
    account, auth = _new_account(database, settings)
    with _browser(base_url, auth) as browser:
        assert browser.get("/v1/me").status_code == 200  # the first signal
    assert _choices(base_url, auth)["X2"] is False
    statuses: list[int] = []
    lock = threading.Lock()

    def browsing() -> None:
        with _browser(base_url, auth) as browser:
            for path in ("/v1/me/choices", "/v1/me", "/v1/me/choices", "/v1/me/gpc"):
                status = browser.get(path).status_code
                with lock:
                    statuses.append(status)

    def switching_back_on() -> None:
        answer = httpx.patch(
            f"{base_url}/v1/me/choices",
            json={"changes": {"X2": True}},
            headers={**auth, "If-Match": "*", "X-Client": "PrivacyDesk/0.1.0"},
            timeout=30,
        )
        with lock:
            statuses.append(answer.status_code)

    all_at_once([browsing] * 5 + [switching_back_on])
    with _browser(base_url, auth) as browser:
        assert browser.get("/v1/me").status_code == 200  # and one more, afterwards

    assert statuses == [200] * len(statuses) and len(statuses) == 21
    assert _choices(base_url, auth)["X2"] is True
    assert _receipt_origins(database, account) == [
        {"kind": "gpc", "client": FIREFOX},
        {"kind": "user", "overridesGpc": True},
    ]
    with database.session() as session:
        row = session.get(ChoiceValue, (account.id, "X2"))
        assert row is not None and row.gpc_overridden and row.value
