"""Signed agent messages (DRP 3.07): whatever bytes arrive, the answer is a clean DRP error
or an accepted message, never a crash; and the time window is exactly the one documented."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from server.config import Settings
from server.db.database import Database
from server.drp.messages import (
    CLOCK_SKEW,
    LONGEST_LIFETIME,
    SignedMessage,
    check_envelope,
    verify,
)
from server.drp.registry import business_id, register_agent
from server.problems import Problem
from tests.server.helpers import START, FakeClock
from tests.support.drp_agent import DrpAgent, raw_public_key

KEY = Ed25519PrivateKey.generate()
VERIFY_KEY = base64.b64encode(raw_public_key(KEY)).decode("ascii")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def _signed(payload: bytes) -> bytes:
    return base64.b64encode(KEY.sign(payload) + payload)


@given(st.binary(max_size=300))
def test_any_bytes_are_refused_with_a_drp_error_and_nothing_else(body: bytes) -> None:
    with pytest.raises(Problem) as refused:
        verify(body, VERIFY_KEY)

    assert refused.value.status in (400, 403)
    assert refused.value.code == str(refused.value.status)
    assert refused.value.extra["message"]


@given(st.binary(max_size=300))
def test_base64_of_any_bytes_is_refused_cleanly(buffer: bytes) -> None:
    with pytest.raises(Problem) as refused:
        verify(base64.b64encode(buffer), VERIFY_KEY)

    assert refused.value.status in (400, 403)


@given(st.binary(max_size=300) | json_values.map(lambda value: json.dumps(value).encode()))
def test_a_validly_signed_document_that_is_not_an_object_is_refused_as_malformed(
    payload: bytes,
) -> None:
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        document = None
    if payload and isinstance(document, dict):
        assert isinstance(verify(_signed(payload), VERIFY_KEY), SignedMessage)
        return
    with pytest.raises(Problem) as refused:
        verify(_signed(payload), VERIFY_KEY)
    assert refused.value.status == 400


def test_one_flipped_bit_breaks_the_signature() -> None:
    payload = json.dumps({"agent-id": "ACME_AGENT"}).encode()
    buffer = bytearray(KEY.sign(payload) + payload)
    buffer[-3] ^= 0x01

    with pytest.raises(Problem) as refused:
        verify(base64.b64encode(bytes(buffer)), VERIFY_KEY)
    assert refused.value.status == 403


@given(
    issued=st.integers(min_value=-3600, max_value=3600),
    lifetime=st.integers(min_value=-60, max_value=3600),
)
def test_a_message_is_accepted_exactly_within_its_window(issued: int, lifetime: int) -> None:
    now = START
    issued_at = now + timedelta(seconds=issued)
    expires_at = issued_at + timedelta(seconds=lifetime)
    message = SignedMessage(
        claims={
            "agent-id": "ACME_AGENT",
            "business-id": "US",
            "issued-at": issued_at.isoformat(),
            "expires-at": expires_at.isoformat(),
            "drp.version": "0.9.4",
        },
        digest="d",
    )
    acceptable = (
        issued_at <= now + CLOCK_SKEW
        and now < expires_at
        and timedelta(0) < expires_at - issued_at <= LONGEST_LIFETIME
    )

    try:
        check_envelope(message, agent_id="ACME_AGENT", business_id="US", now=now)
    except Problem as refused:
        assert not acceptable, refused.detail
        assert refused.status == 403
    else:
        assert acceptable


def test_a_time_written_without_a_zone_is_read_as_utc() -> None:
    message = SignedMessage(
        claims={
            "agent-id": "A",
            "business-id": "B",
            "issued-at": "2025-03-03T09:00:00",
            "expires-at": "2025-03-03T09:05:00",
            "drp.version": "0.9.4",
        },
        digest="d",
    )

    assert check_envelope(
        message, agent_id="A", business_id="B", now=START
    ) == datetime.fromisoformat("2025-03-03T09:05:00+00:00")


# --- over HTTP: garbage from an agent with a good token ---------------------------------------


@pytest.fixture
def agent(client: TestClient, database: Database, settings: Settings, clock: FakeClock) -> DrpAgent:
    acme = DrpAgent(client, "ACME_AGENT", business_id(settings), clock, key=KEY)
    with database.session() as session:
        register_agent(
            session,
            agent_id=acme.agent_id,
            name="Acme Rights",
            verify_key=acme.verify_key,
            web_url="",
            callback_prefix="",
            now=clock(),
        )
    assert acme.set_up().status_code == 200
    return acme


@pytest.mark.sqlite_only
@hypothesis_settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.binary(min_size=1, max_size=200)
    | json_values.map(lambda value: _signed(json.dumps(value).encode()))
)
def test_whatever_an_agent_sends_is_answered_with_a_drp_error_never_a_crash(
    agent: DrpAgent, body: bytes
) -> None:
    answer = agent.post_signed("/v1/data-rights-request", body, token=agent.token)

    assert 400 <= answer.status_code < 500, answer.text
    document: dict[str, Any] = answer.json()
    if answer.status_code != 422:  # text the input limits refuse (a NUL, not UTF-8)
        assert document["code"] == str(answer.status_code)
        assert isinstance(document["fatal"], bool)
