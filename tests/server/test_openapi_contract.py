"""The published contract holds: schemathesis runs every phase (coverage, fuzzing, stateful
over the contract's links) with every check against `/openapi.json`, in process over ASGI,
on SQLite and on PostgreSQL, and finds nothing.

Every check means all fifteen schemathesis has, among them `ignored_auth` (each secured
operation refuses a request without or with made-up credentials), `missing_required_header`
(If-Match, Idempotency-Key), `allow_header_conformance` and `unsupported_method` (OPTIONS
and 405 name every method), `object_level_authorization` (Ada and Bob are both signed in,
and neither can read what the other has), and the response conformance checks (status,
content type, headers, schema). Ada starts with a consent receipt and an access request, so
listings have something to link from.

What no schema can say is configured below, each with its reason: refusals that depend on
the state, not on the shape of the request (a stale ETag, a cursor this service never
issued, a wrong password, an Idempotency-Key reused for another request), and 428 (RFC
6585) as the answer to a missing precondition header.

Examples are few and the seed is fixed, so the sweep takes seconds and a failure reproduces.
A deeper run: `PRIVACY_DESK_SCHEMATHESIS_EXAMPLES=500` (and `PRIVACY_DESK_SCHEMATHESIS_SEED`
for other inputs). The counts of each run are printed, e.g.
`schemathesis [sqlite]: 22 operations, 1214 cases (coverage 531, fuzzing 560, stateful 123),
31 links, 0 failures, 11.2 s`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema
from schemathesis.engine.statistic import Statistic

from server.app import create_app
from server.config import Settings
from server.db.database import Database
from tests.server.helpers import Account, bearer, sign_in

EXAMPLES_PER_OPERATION = int(os.environ.get("PRIVACY_DESK_SCHEMATHESIS_EXAMPLES", "20"))
SEED = int(os.environ.get("PRIVACY_DESK_SCHEMATHESIS_SEED", "1"))
# Past a handful of sign-in attempts the rate limiter answers 429 (documented), so the
# sweep meets that answer too.
CHEAP_SIGN_IN = {"sign_in_attempts_per_account": 3, "sign_in_attempts_per_address": 5}
EVERY_CHECK = {
    "allow_header_conformance",
    "content_type_conformance",
    "ensure_resource_availability",
    "ignored_auth",
    "max_response_time",
    "missing_required_header",
    "negative_data_rejection",
    "not_a_server_error",
    "object_level_authorization",
    "positive_data_acceptance",
    "response_headers_conformance",
    "response_schema_conformance",
    "status_code_conformance",
    "unsupported_method",
    "use_after_free",
}
# schemathesis' own list of what a valid request may be answered with.
_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


def _valid_but_refused(operation_ids: list[str], status: int) -> dict[str, Any]:
    return {
        "include-operation-id": operation_ids,
        "checks": {"positive_data_acceptance": {"expected-statuses": [*_ACCEPTED, str(status)]}},
    }


def sweep_config(wfc_file: Path) -> dict[str, Any]:
    """The run as schemathesis.toml would write it."""
    return {
        "seed": SEED,
        "generation": {"max-examples": EXAMPLES_PER_OPERATION},
        "auth": {"wfc": {"path": str(wfc_file), "peers": ["ada", "bob"]}},
        "checks": {
            "enabled": True,
            # RFC 6585: a missing precondition header (If-Match, Idempotency-Key) is 428.
            "missing_required_header": {"expected-statuses": [400, 401, 403, 406, 415, 422, 428]},
            # A body too large to be worth reading is refused before it is validated (413).
            "negative_data_rejection": {
                "expected-statuses": [
                    "400",
                    "401",
                    "403",
                    "404",
                    "406",
                    "413",
                    "415",
                    "422",
                    "428",
                    "429",
                ]
            },
            "max_response_time": 30.0,
        },
        "operations": [
            # A cursor is opaque: only a next_cursor this service issued is one.
            _valid_but_refused(["list_receipts", "data_records"], 400),
            # An ETag other than the current one is stale, however well-formed.
            _valid_but_refused(["patch_choices"], 412),
            # A well-formed password can be the wrong one.
            _valid_but_refused(["step_up"], 400),
            # An Idempotency-Key sent again with another request (the IETF draft's 422).
            _valid_but_refused(["file_request"], 422),
        ],
    }


@dataclass
class SweepResult:
    operations: set[str] = field(default_factory=set)
    cases_by_phase: dict[str, int] = field(default_factory=dict)
    checks: set[str] = field(default_factory=set)
    links: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def cases(self) -> int:
        return sum(self.cases_by_phase.values())

    def summary(self, backend: str) -> str:
        phases = ", ".join(f"{name} {count}" for name, count in self.cases_by_phase.items())
        return (
            f"schemathesis [{backend}]: {len(self.operations)} operations, {self.cases} cases "
            f"({phases}), {self.links} links, {len(self.failures)} failures, "
            f"{self.seconds:.1f} s (max examples {EXAMPLES_PER_OPERATION}, seed {SEED})"
        )


def run_sweep(schema: Any) -> SweepResult:
    result = SweepResult()
    statistic = Statistic()
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted) and isinstance(
            event.payload, events.StatefulPhasePayload
        ):
            result.links = event.payload.transitions_selected
        elif isinstance(event, events.ScenarioFinished):
            statistic.on_scenario_finished(event.recorder)
            phase = str(event.phase)
            result.cases_by_phase[phase] = result.cases_by_phase.get(phase, 0) + len(
                event.recorder.cases
            )
            for checks in event.recorder.checks.values():
                result.checks.update(check.name for check in checks)
        elif isinstance(event, events.NonFatalError):
            result.failures.append(f"{event.label}: error: {event.value!r}")
        elif isinstance(event, events.FatalError):
            result.failures.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            result.failures.extend(f"after the run: {failure}" for failure in event.failures)
    result.seconds = time.monotonic() - started
    result.operations = statistic.tested_operations
    for label, groups in statistic.failures.items():
        for group in groups.values():
            for failure in group.failures:
                status = group.response.status_code if group.response else "-"
                result.failures.append(
                    f"{label}: {failure.title} [{status}]\n{failure.message}\n"
                    f"{group.code_sample or ''}"
                )
    return result


@pytest.fixture
def contract_client(settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(replace(settings, **CHEAP_SIGN_IN), database)) as test_client:
        yield test_client


def _give_ada_a_receipt_and_a_request(client: TestClient, headers: dict[str, str]) -> None:
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


def test_every_operation_answers_within_its_published_contract(
    contract_client: TestClient,
    ada: Account,
    bob: Account,
    database_backend: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Any,
) -> None:
    identities = {account.email.split("@")[0]: account for account in (ada, bob)}
    tokens = {
        name: sign_in(contract_client, account)["access_token"]
        for name, account in identities.items()
    }
    _give_ada_a_receipt_and_a_request(contract_client, bearer(tokens["ada"]))
    # Web Fuzzing Commons auth: two identities, so object-level authorisation is checked.
    wfc_file = tmp_path / "identities.json"
    wfc_file.write_text(
        json.dumps(
            {
                "auth": [
                    {
                        "name": name,
                        "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {token}"}],
                    }
                    for name, token in tokens.items()
                ]
            }
        )
    )
    config = SchemathesisConfig.from_dict(sweep_config(wfc_file))
    schema = schemathesis.openapi.from_asgi("/openapi.json", contract_client.app, config=config)
    declared = {operation.ok().label for operation in schema.get_all_operations()}

    result = run_sweep(schema)

    with capsys.disabled():
        print(f"\n{result.summary(database_backend)}")
    record_property("schemathesis_operations", len(result.operations))
    record_property("schemathesis_cases", result.cases)
    assert result.failures == [], "\n\n".join(result.failures)
    # The sweep really covered the service: every operation, every phase, every check.
    assert result.operations == declared
    assert {"coverage", "fuzzing", "stateful"} <= set(result.cases_by_phase)
    assert result.checks == EVERY_CHECK
    assert result.links > 0
