"""The Data Rights Protocol 0.9.4 for authorised agents (R6), under /drp (the `api_base`).

- `POST /drp/v1/agent/{agent_id}`: pair-wise key setup; a signed message gets a bearer token.
- `GET /drp/v1/agent/{agent_id}`: is this token still good?
- `POST /drp/v1/data-rights-request`: file an access or deletion request for an account
  holder who authorised the agent in the app.
- `GET /drp/v1/data-rights-request/{request_id}`: its status.
- `DELETE /drp/v1/data-rights-request/{request_id}`: withdraw it (signed `{reason}`).
- `GET /.well-known/data-rights.json`: this service's entry for the DRP service directory.

Signed messages are base64 text (`text/plain`): a 64-byte Ed25519 signature, then the
JSON document (server/drp/messages.py checks them). The bearer token is looked up first,
since it says whose key to verify with; then the checks run in the protocol's order.
Refusals are problem documents that also carry DRP's `code`, `message` and `fatal`.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from server.api.deps import SessionDep, SettingsDep
from server.config import Settings
from server.db.models import Agent, AgentRequest, PrivacyRequest
from server.drp import DRP_VERSION
from server.drp.authorisations import AGENT_KINDS
from server.drp.errors import drp_error
from server.drp.filing import file_for_agent, read_exercise
from server.drp.messages import SignedMessage, check_envelope, remember, text_claim, verify
from server.drp.registry import active_agent, agent_for_token, business_id, issue_token
from server.drp.status import ExerciseStatus, exercise_status
from server.problems import Problem
from server.requests_flow import OPEN_STATUSES, RequestStatus, StaleRequest, transition

router = APIRouter(tags=["drp"])

PREFIX = "/drp"
NO_STORE = {"Cache-Control": "no-store"}

_SIGNED_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A signed message: base64 of the 64-byte Ed25519 signature followed "
        "by the JSON document it signs (DRP 3.07.1)",
        "content": {"text/plain": {"schema": {"type": "string", "maxLength": 65536}}},
    }
}
_BEARER = (
    "Send the pair-wise token from `POST /drp/v1/agent/{agent_id}` as "
    "`Authorization: Bearer <token>`."
)
_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {
        "description": "Not this agent's: an unknown or retired agent or token, a signature "
        "that does not verify, a message for another agent or business, issued in the future "
        "or expired, or no authorisation from the account holder (DRP `code`, `message`, "
        "`fatal`)"
    }
}
_MALFORMED: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "The message does not decode or lacks a claim, or asks for what this "
        "service does not take (DRP `code`, `message`, `fatal`)"
    }
}
_REPLAYED: dict[int | str, dict[str, Any]] = {
    409: {"description": "This signed message was received before"}
}


async def signed_body(request: Request) -> bytes:
    """The request's body as sent (already size- and text-checked by the input limits)."""
    return await request.body()


SignedBody = Annotated[bytes, Depends(signed_body)]


def _bearer_agent(request: Request, session: Session) -> Agent:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    agent = agent_for_token(session, token.strip()) if scheme.lower() == "bearer" else None
    if agent is None:
        raise drp_error(403, "Unknown token: set up a pair-wise token first.")
    return agent


# --- pair-wise key setup (DRP 2.05, 2.06) ----------------------------------------------------


class PairwiseToken(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    agent_id: str = Field(serialization_alias="agent-id")
    token: str


@router.post(
    f"{PREFIX}/v1/agent/{{agent_id}}",
    response_model=PairwiseToken,
    responses={**_REFUSED, **_REPLAYED},
    openapi_extra=_SIGNED_BODY,
)
def set_up_agent_token(
    agent_id: str,
    body: SignedBody,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> PairwiseToken:
    """A signed `{agent-id, business-id, issued-at, expires-at, drp.version}` from a
    registered agent gets a bearer token; the agent's earlier token stops working. Every
    refusal is 403, as DRP 2.05.1 says."""
    response.headers.update(NO_STORE)
    now = settings.clock()
    agent = active_agent(session, agent_id)
    if agent is None:
        raise drp_error(403, "This agent is not registered with this service.")
    try:
        message = verify(body, agent.verify_key)
        expires_at = check_envelope(
            message, agent_id=agent.id, business_id=business_id(settings), now=now
        )
        remember(session, message, agent.id, expires_at, now)
    except Problem as refused:
        raise drp_error(403, refused.detail, fatal=refused.extra.get("fatal") is True) from None
    return PairwiseToken(agent_id=agent.id, token=issue_token(session, agent, now))


@router.get(
    f"{PREFIX}/v1/agent/{{agent_id}}",
    response_model=dict[str, Any],
    responses=_REFUSED,
    description=_BEARER,
)
def check_agent_token(
    agent_id: str, request: Request, response: Response, session: SessionDep
) -> dict[str, Any]:
    """An empty object while the token is good for this agent (DRP 2.06)."""
    response.headers.update(NO_STORE)
    agent = _bearer_agent(request, session)
    if agent.id != agent_id:
        raise drp_error(403, "This token belongs to another agent.")
    return {}


# --- requests (DRP 2.01, 2.02, 2.04) ------------------------------------------------------------


def _verified(
    request: Request, body: bytes, session: Session, settings: Settings
) -> tuple[Agent, SignedMessage]:
    agent = _bearer_agent(request, session)
    now = settings.clock()
    message = verify(body, agent.verify_key)
    expires_at = check_envelope(
        message, agent_id=agent.id, business_id=business_id(settings), now=now
    )
    remember(session, message, agent.id, expires_at, now)
    return agent, message


@router.post(
    f"{PREFIX}/v1/data-rights-request",
    response_model=ExerciseStatus,
    responses={**_MALFORMED, **_REFUSED, **_REPLAYED},
    openapi_extra=_SIGNED_BODY,
    description=_BEARER,
)
def exercise_right(
    body: SignedBody,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> ExerciseStatus:
    """File an access or deletion request for an account holder who authorised this agent
    in the app. The same `agent-request-id` again answers the request already filed."""
    response.headers.update(NO_STORE)
    agent, message = _verified(request, body, session, settings)
    exercise = read_exercise(message)
    filed, by_agent = file_for_agent(
        session, agent, exercise, message, now=settings.clock(), grace=settings.deletion_grace
    )
    return exercise_status(filed, by_agent)


def _agents_request(
    session: Session, agent: Agent, request_id: str, *, for_update: bool = False
) -> tuple[PrivacyRequest, AgentRequest]:
    by_agent = session.get(AgentRequest, request_id)
    if by_agent is not None and by_agent.agent_id != agent.id:
        raise drp_error(403, "This request was filed by another agent.")
    filed = session.get(PrivacyRequest, request_id, with_for_update=for_update)
    if by_agent is None or filed is None:
        raise drp_error(404, "This agent filed no request with this id.")
    return filed, by_agent


@router.get(
    f"{PREFIX}/v1/data-rights-request/{{request_id}}",
    response_model=ExerciseStatus,
    responses={**_REFUSED, 404: {"description": "This agent filed no request with this id"}},
    description=_BEARER,
)
def exercise_status_of(
    request_id: str, request: Request, response: Response, session: SessionDep
) -> ExerciseStatus:
    response.headers.update(NO_STORE)
    agent = _bearer_agent(request, session)
    filed, by_agent = _agents_request(session, agent, request_id)
    return exercise_status(filed, by_agent)


def _reason(claims: dict[str, Any]) -> str:
    reason = text_claim(claims, "reason", required=False) or ""
    if len(reason) > 500:
        raise drp_error(400, "The reason is too long (at most 500 characters).", fatal=True)
    return reason.strip()


@router.delete(
    f"{PREFIX}/v1/data-rights-request/{{request_id}}",
    response_model=ExerciseStatus,
    responses={
        **_MALFORMED,
        **_REFUSED,
        404: {"description": "This agent filed no request with this id"},
        409: {"description": "Already answered, or a deletion past its grace period"},
    },
    openapi_extra=_SIGNED_BODY,
    description=_BEARER,
)
def revoke_exercise(
    request_id: str,
    body: SignedBody,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> ExerciseStatus:
    """Withdraw the request, as the account holder could in the app; answers `revoked`.

    DRP 2.04 signs `{reason}` alone. An agent that also sends the envelope claims
    (agent-id, business-id, issued-at, expires-at) has them checked like any message's,
    and the message then goes through the replay guard."""
    response.headers.update(NO_STORE)
    agent = _bearer_agent(request, session)
    now = settings.clock()
    message = verify(body, agent.verify_key)
    if "expires-at" in message.claims or "issued-at" in message.claims:
        expires_at = check_envelope(
            message, agent_id=agent.id, business_id=business_id(settings), now=now
        )
        remember(session, message, agent.id, expires_at, now)
    reason = _reason(message.claims)
    filed, by_agent = _agents_request(session, agent, request_id, for_update=True)
    status = RequestStatus(filed.status)
    if status is RequestStatus.CANCELLED:
        return exercise_status(filed, by_agent)
    if status not in OPEN_STATUSES:
        raise drp_error(409, f"The request is already {_drp_word(filed, by_agent)}.", fatal=True)
    if filed.grace_until is not None and now >= filed.grace_until:
        raise drp_error(409, "The deletion's grace period is over; it is being carried out.")
    note = f"Withdrawn by {agent.name} on the account holder's behalf"
    note += f": {reason}" if reason else "."
    try:
        transition(filed, RequestStatus.CANCELLED, note, now=now)
    except StaleRequest:
        raise drp_error(409, "The request changed meanwhile; ask for its status.") from None
    return exercise_status(filed, by_agent)


def _drp_word(filed: PrivacyRequest, by_agent: AgentRequest) -> str:
    return exercise_status(filed, by_agent).status


# --- discovery (DRP 3.05.2) ------------------------------------------------------------------


class BusinessDiscovery(BaseModel):
    """This service as the DRP service directory lists a covered business."""

    id: str
    name: str
    logo: str | None
    api_base: str
    supported_actions: list[str]
    supported_verifications: list[str]
    privacy_policy_url: str
    web_url: str
    technical_contact: str
    business_contact: str
    drp_version: str = Field(serialization_alias="drp.version")


@router.get("/.well-known/data-rights.json", response_model=BusinessDiscovery)
def business_discovery(request: Request, settings: SettingsDep) -> BusinessDiscovery:
    """The entry an operator submits to the DRP service directory (DRP 0.9 and later list
    businesses there rather than at this address, which is kept for reading it)."""
    policy = urlsplit(settings.policy_url)
    domain = policy.hostname or "privacy-desk.example"
    base = str(request.base_url).rstrip("/")
    return BusinessDiscovery(
        id=business_id(settings),
        name=settings.controller_name,
        logo=None,
        api_base=f"{base}{PREFIX}",
        supported_actions=list(AGENT_KINDS),
        supported_verifications=["email"],
        privacy_policy_url=settings.policy_url,
        web_url=f"{policy.scheme or 'https'}://{domain}/",
        technical_contact=f"privacy@{domain}",
        business_contact=f"privacy@{domain}",
        drp_version=DRP_VERSION,
    )
