"""GPC against a model: any sequence of signals (from several apps, on several routes), the
user's own switches and the honour setting leaves the service where a few lines of rules
say it must be.

The rules the model keeps: a signal switches off X2 and X5 while they are on, unless the
user kept that choice on against GPC or said signals are not honoured; switching a choice
back on after a signal switched it off overrides GPC for it, for good; the version moves
and exactly one receipt is issued per choice that really changed, and a receipt says GPC
exactly when GPC is involved.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field

import httpx
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, strategies
from hypothesis import settings as run_settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from server.accounts import create_user
from server.config import Settings
from server.db.database import Database
from server.db.models import ChoiceValue, ConsentReceipt
from tests.server.helpers import DEFAULTS_FROM_POLICY, Account, bearer
from tests.server.processes import issue_access_token

COVERED = ("X2", "X5")
SWITCHED = ("X1", "X2", "X5")  # X1 is not GPC's: it must never move on a signal
APPS = ("Firefox/128.0", "MediaPlayer-Android/7.2", "SmartTV/3")
ROUTES = ("/v1/me/choices", "/v1/me", "/v1/me/receipts", "/v1/me/gpc")
_numbers = itertools.count()


@dataclass
class Model:
    values: dict[str, bool] = field(default_factory=lambda: dict(DEFAULTS_FROM_POLICY))
    origin: dict[str, str] = field(
        default_factory=lambda: dict.fromkeys(DEFAULTS_FROM_POLICY, "default")
    )
    overridden: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(COVERED, False))
    honour: bool = True
    version: int = 1
    receipts: int = 0

    def signal(self) -> list[str]:
        if not self.honour:
            return []
        off = [c for c in COVERED if self.values[c] and not self.overridden[c]]
        for choice_id in off:
            self.values[choice_id] = False
            self.origin[choice_id] = "gpc"
        self._changed(len(off))
        return off

    def switch(self, choice_id: str, value: bool) -> bool | None:
        """The user's switch; None when nothing changes, else whether it overrides GPC."""
        if self.values[choice_id] == value:
            return None
        overrides = (
            choice_id in COVERED
            and value
            and (self.origin[choice_id] == "gpc" or self.overridden[choice_id])
        )
        if overrides:
            self.overridden[choice_id] = True
        self.values[choice_id] = value
        self.origin[choice_id] = "user"
        self._changed(1)
        return overrides

    def _changed(self, count: int) -> None:
        if count:
            self.version += 1
            self.receipts += count


def _documents(answer: httpx.Response) -> list[dict[str, object]]:
    return [json.loads(receipt["payload"]) for receipt in answer.json()["receipts"]]


def test_any_sequence_of_signals_switches_and_settings_keeps_the_gpc_rules(
    client: TestClient, database: Database, settings: Settings
) -> None:
    class GpcRules(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            number = next(_numbers)
            with database.session() as session:
                user = create_user(
                    session, settings, email=f"user{number}@example.org", password="long enough pw"
                )
                user_id = user.id
            self.account = Account(user_id, f"user{number}@example.org", "long enough pw")
            self.auth = bearer(issue_access_token(database, self.account))
            self.model = Model()

        def _receipt_documents(self) -> list[dict[str, object]]:
            with database.session() as session:
                payloads = session.scalars(
                    select(ConsentReceipt.payload).where(ConsentReceipt.user_id == self.account.id)
                ).all()
            return [json.loads(payload) for payload in payloads]

        @rule(app=strategies.sampled_from(APPS), route=strategies.sampled_from(ROUTES))
        def a_signal_arrives(self, app: str, route: str) -> None:
            covered_on_before = {c for c in COVERED if self.model.values[c]}
            kept_on = {c for c in covered_on_before if self.model.overridden[c]}
            before = self._receipt_documents()
            answer = client.get(route, headers={**self.auth, "Sec-GPC": "1", "X-Client": app})
            assert answer.status_code == 200, answer.text
            switched_off = self.model.signal()
            new = [d for d in self._receipt_documents() if d not in before]
            assert sorted(str(d["choiceId"]) for d in new) == sorted(switched_off)
            for document in new:
                assert document["origin"] == {"kind": "gpc", "client": app}
                assert document["value"] is False
            # Overridden choices are never flipped by a signal.
            assert kept_on <= {c for c in COVERED if self.model.values[c]}

        @rule(choice_id=strategies.sampled_from(SWITCHED), value=strategies.booleans())
        def the_user_switches(self, choice_id: str, value: bool) -> None:
            answer = client.patch(
                "/v1/me/choices",
                json={"changes": {choice_id: value}},
                headers={**self.auth, "If-Match": "*", "X-Client": "PrivacyDesk/0.1.0"},
            )
            assert answer.status_code == 200, answer.text
            overrides = self.model.switch(choice_id, value)
            documents = _documents(answer)
            if overrides is None:
                assert documents == []
                return
            [document] = documents
            assert document["choiceId"] == choice_id and document["value"] is value
            if overrides:
                assert document["origin"] == {"kind": "user", "overridesGpc": True}
            else:
                assert "origin" not in document

        @rule(honour=strategies.booleans())
        def the_user_sets_whether_signals_count(self, honour: bool) -> None:
            answer = client.put("/v1/me/gpc", json={"honour_signals": honour}, headers=self.auth)
            assert answer.json() == {"honour_signals": honour}
            self.model.honour = honour

        @rule(value=strategies.sampled_from(["0", "", "yes", "2"]))
        def something_that_is_not_a_signal_arrives(self, value: str) -> None:
            answer = client.get("/v1/me/choices", headers={**self.auth, "Sec-GPC": value})
            assert answer.status_code == 200, answer.text

        @invariant()
        def the_service_agrees_with_the_model(self) -> None:
            answer = client.get("/v1/me/choices", headers=self.auth)
            assert answer.status_code == 200, answer.text
            body = answer.json()
            assert {c["id"]: c["value"] for c in body["choices"]} == self.model.values
            assert {c["id"]: c["origin"] for c in body["choices"]} == self.model.origin
            assert body["version"] == self.model.version
            assert answer.headers["ETag"] == f'"{self.model.version}"'
            with database.session() as session:
                receipts = session.scalar(
                    select(func.count())
                    .select_from(ConsentReceipt)
                    .where(ConsentReceipt.user_id == self.account.id)
                )
                overridden = {
                    row.choice_id: row.gpc_overridden
                    for row in session.scalars(
                        select(ChoiceValue).where(ChoiceValue.user_id == self.account.id)
                    )
                    if row.choice_id in COVERED
                }
            assert receipts == self.model.receipts
            assert {c: overridden.get(c, False) for c in COVERED} == self.model.overridden

    run_state_machine_as_test(
        GpcRules,
        settings=run_settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
