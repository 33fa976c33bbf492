"""The status callback (DRP 2.03): every change of an agent's request is reported to it.

`announce_change` is called by `server.requests_flow` on every move and every extension,
in the caller's transaction: it queues one job (unless one is already waiting, which will
send the state current when it runs). The job (`server/jobs/drp_callback.py`) POSTs the
Exercise Status object as JSON, signed with the service's Ed25519 key:

    DRP-Signature: keyid=<key id>, sig=<base64url Ed25519 signature of the body bytes>

The key is one of those published at GET /v1/keys. Callbacks go only to addresses that
start with the prefix the operator registered for the agent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import AgentRequest, Job, PrivacyRequest
from server.drp.registry import active_agent
from server.drp.status import exercise_status
from server.receipts import _private_key, b64url, signing_key

SIGNATURE_HEADER = "DRP-Signature"


def callback_kind() -> str:
    from server.jobs import kinds

    return kinds.DRP_CALLBACK


def announce_change(session: Session, request: PrivacyRequest, now: datetime) -> None:
    """Queue a callback if an agent filed this request and asked for callbacks."""
    filed = session.get(AgentRequest, request.id)
    if filed is None or not filed.status_callback:
        return
    from server.jobs.queue import JobStatus, enqueue

    kind = callback_kind()
    payload = {"request_id": request.id}
    waiting = session.scalar(
        select(Job.id)
        .where(
            Job.kind == kind,
            Job.status == JobStatus.QUEUED,
            Job.payload == json.dumps(payload, sort_keys=True),
        )
        .limit(1)
    )
    if waiting is None:
        enqueue(session, kind, payload, now)


@dataclass(frozen=True)
class SignedCallback:
    url: str
    body: bytes
    headers: dict[str, str]


def prepare(session: Session, settings: Settings, request_id: str) -> SignedCallback | None:
    """The callback to send now, or None when there is nothing to send any more (the request
    is gone, the agent retired, or the address no longer under the agent's prefix)."""
    filed = session.get(AgentRequest, request_id)
    request = session.get(PrivacyRequest, request_id)
    if filed is None or request is None or not filed.status_callback:
        return None
    agent = active_agent(session, filed.agent_id)
    if agent is None or not agent.callback_prefix:
        return None
    if not filed.status_callback.startswith(agent.callback_prefix):
        return None
    body = exercise_status(request, filed).model_dump_json().encode("utf-8")
    key = signing_key(session, settings)
    signature = b64url(_private_key(key).sign(body))
    return SignedCallback(
        url=filed.status_callback,
        body=body,
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: f"keyid={key.key_id}, sig={signature}",
        },
    )
