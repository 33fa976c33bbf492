"""The published contract holds: schemathesis sends generated requests to every operation in
`/openapi.json` (in process, over ASGI) and checks that none gets a 5xx and every answer
matches the schema documented for its status.

Signed in as Ada, who has a consent receipt and an access request, so the `/v1/me/...`
operations get past the authentication and the id-taking ones are also called with ids that
exist (random ids alone would only ever meet a 404). Both valid and invalid inputs are
generated. Examples are few and derandomised (the same inputs every run, so a failure
reproduces), which keeps the sweep to seconds; a deeper hunt is `schemathesis run` against
a running service.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from server.app import create_app
from server.catalog.entries import CATEGORIES
from server.config import Settings
from server.db.database import Database
from tests.server.helpers import Account, bearer, sign_in

EXAMPLES_PER_OPERATION = 12
# Past a handful of sign-in attempts the rate limiter answers 429 (documented), so the
# sweep meets that answer too.
CHEAP_SIGN_IN = {"sign_in_attempts_per_account": 3, "sign_in_attempts_per_address": 5}

CHECKS: list[Callable[..., Any]] = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture
def contract_client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(replace(settings, **CHEAP_SIGN_IN), database)) as test_client:
        yield test_client


def _existing_ids(client: TestClient, headers: dict[str, str]) -> dict[str, list[str]]:
    """Give Ada a receipt and a request; the ids path parameters may take, by name."""
    etag = client.get("/v1/me/choices", headers=headers).headers["etag"]
    changed = client.patch(
        "/v1/me/choices", json={"changes": {"X3": False}}, headers={**headers, "If-Match": etag}
    )
    assert changed.status_code == 200, changed.text
    filed = client.post(
        "/v1/me/requests",
        json={"kind": "access"},
        headers={**headers, "Idempotency-Key": "contract-test"},
    )
    assert filed.status_code == 201, filed.text
    receipts = client.get("/v1/me/receipts", headers=headers).json()
    return {
        "category": [category.id for category in CATEGORIES],
        "receipt_id": [receipt["id"] for receipt in receipts["receipts"]],
        "request_id": [filed.json()["id"]],
    }


def _cases(operation: Any, existing: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """Generated valid and invalid requests, plus valid ones aimed at existing things."""
    strategies = [operation.as_strategy()]
    # Raises when nothing about the operation can be made invalid (no parameters, no body).
    with contextlib.suppress(Exception):
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    known = {
        name: st.sampled_from(existing[name])
        for name in re.findall(r"{(\w+)}", operation.path)
        if existing.get(name)
    }
    if known:
        strategies.append(
            st.fixed_dictionaries(known).flatmap(
                lambda path: operation.as_strategy(path_parameters=path)
            )
        )
    return st.one_of(strategies)


def _operation_failures(
    operation: Any, headers: dict[str, str], existing: dict[str, list[str]]
) -> str | None:
    """Run the examples of one operation; the failure report, or None when all held."""

    @given(case=_cases(operation, existing))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def examples(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        examples()
    except Exception as failure:  # schemathesis reports every failed check as one exception
        return f"{operation.label}: {failure}"
    return None


def test_every_operation_answers_within_its_published_contract(
    contract_client: TestClient, ada: Account
) -> None:
    headers = bearer(sign_in(contract_client, ada)["access_token"])
    existing = _existing_ids(contract_client, headers)
    schema = schemathesis.openapi.from_asgi("/openapi.json", contract_client.app)

    operations = [result.ok() for result in schema.get_all_operations()]
    failures = [
        report
        for operation in operations
        if (report := _operation_failures(operation, headers, existing)) is not None
    ]

    # The sweep really covered the service, not an empty schema.
    labels = {operation.label for operation in operations}
    assert {"POST /v1/auth/token", "GET /v1/me", "GET /v1/me/choices"} <= labels
    assert failures == [], "\n\n".join(failures)
