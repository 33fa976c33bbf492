"""POST /v1/ingest/...: what client apps send in, kept only where the user's choices allow it.

This is where the switches stop being promises: with playback statistics (X1), crash
reports (X3) or personalised ads (X2) off, the matching batch is acknowledged and dropped
before anything touches a table. Apps may call as the signed-in account (Bearer) or as one
of the account's installed copies (C12) with `Authorization: AppId <id>.<secret>`, so a
media server can report without holding the user's tokens.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from sqlalchemy import insert
from sqlalchemy.orm import Session

from server.ad_profile import ad_profile_scores, add_to_ad_profile
from server.api.deps import SessionDep, SettingsDep, get_current_user
from server.choices_state import choice_value
from server.db.models import (
    ApplicationId,
    ContentActivity,
    CrashReport,
    PlaybackEvent,
    User,
)
from server.input_limits import JsonInteger, iso_text_only
from server.problems import Problem
from server.security import token_digest

router = APIRouter(prefix="/v1/ingest", tags=["ingest"])

MAX_EVENTS_PER_BATCH = 1000
# Integer columns are 32-bit on PostgreSQL.
_MAX_INT32 = 2**31 - 1

# --- who is calling -----------------------------------------------------------------------


@dataclass(frozen=True)
class IngestCaller:
    """The account the data belongs to, and the app copy (C12) that sent it, if any."""

    user: User
    application_id: str | None


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401,
        "Not signed in",
        detail,
        code="invalid_credentials",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token", AppId'},
    )


def _application_caller(session: Session, credentials: str) -> IngestCaller:
    application_id, dot, secret = credentials.partition(".")
    if not application_id or not dot or not secret or len(application_id) > 32:
        raise _unauthorized("Send 'Authorization: AppId <application id>.<secret>'.")
    application = session.get(ApplicationId, application_id)
    # Hash before looking at the row, so an unknown id costs the same as a wrong secret.
    presented = token_digest(secret)
    stored = application.secret_hash if application is not None else ""
    if application is None or not stored or not hmac.compare_digest(presented, stored):
        raise _unauthorized("The application id or its secret is not known.")
    user = session.get(User, application.user_id)
    if user is None:
        raise _unauthorized("The account no longer exists.")
    return IngestCaller(user=user, application_id=application.id)


def get_ingest_caller(request: Request, session: SessionDep, settings: SettingsDep) -> IngestCaller:
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "appid":
        return _application_caller(session, credentials.strip())
    return IngestCaller(user=get_current_user(request, session, settings), application_id=None)


IngestCallerDep = Annotated[IngestCaller, Depends(get_ingest_caller)]


# --- what apps send -----------------------------------------------------------------------


def _storable(text: str) -> str:
    """Text every database takes: PostgreSQL refuses NUL, and nothing stores a lone surrogate."""
    if "\x00" in text:
        raise ValueError("must not contain a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return text


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the range of dates the service can store") from None


@dataclass(frozen=True, slots=True)
class _StorableText(AfterValidator):
    """`_storable` as a validator, and in the published schema the part of its rule a
    portable regular expression can say: no NUL (`pattern`). A lone surrogate escape is not
    text in any encoding, and JSON Schema has no portable way to name it."""

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = "^[^\\u0000]*$"
        return json_schema


_Storable = _StorableText(_storable)
Name = Annotated[str, StringConstraints(min_length=1, max_length=100), _Storable]
Version = Annotated[str, StringConstraints(min_length=1, max_length=50), _Storable]
Label = Annotated[str, StringConstraints(min_length=1, max_length=20), _Storable]
OptionalLabel = Annotated[str, StringConstraints(max_length=20), _Storable]
Title = Annotated[str, StringConstraints(min_length=1, max_length=300), _Storable]
Summary = Annotated[str, StringConstraints(min_length=1, max_length=500), _Storable]
ReportBody = Annotated[str, StringConstraints(max_length=200_000), _Storable]
# JSON has no time type: a time is ISO 8601 text (a number is not read as a Unix time).
Moment = Annotated[AwareDatetime, BeforeValidator(iso_text_only), AfterValidator(_in_utc)]


class PlaybackIn(BaseModel):
    """C5: how a piece of personal media played. There is no field for a title or file name,
    and an unknown field is refused rather than silently dropped, so an app that tries to
    send one finds out."""

    model_config = ConfigDict(extra="forbid")

    occurred_at: Moment
    device: Name
    media_kind: Literal["music", "photo", "video"]
    duration_seconds: Annotated[int, JsonInteger] = Field(ge=0, le=_MAX_INT32)
    bitrate_kbps: Annotated[int, JsonInteger] = Field(ge=0, le=_MAX_INT32)
    resolution: OptionalLabel = ""
    file_type: Label


class CrashReportIn(BaseModel):
    """C10: a crash report the user can read before the app sends it."""

    model_config = ConfigDict(extra="forbid")

    app: Name
    app_version: Version
    device: Name
    summary: Summary
    body: ReportBody = ""


class AdEventIn(BaseModel):
    """C6: a partner programme watched, or an ad shown or clicked."""

    model_config = ConfigDict(extra="forbid")

    occurred_at: Moment
    kind: Literal["watched", "ad_impression", "ad_click"]
    title: Title
    device: Name
    postal_code: OptionalLabel = ""


class PlaybackBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[PlaybackIn] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class CrashReportBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[CrashReportIn] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class AdEventBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: list[AdEventIn] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class IngestResult(BaseModel):
    """How many events were kept; when none were because a choice is off, which one."""

    stored: int
    reason: Literal["choice_off"] | None = None
    choice: str | None = None


# --- the routes ---------------------------------------------------------------------------


def _client_ip(request: Request) -> str | None:
    return request.client.host[:45] if request.client else None


def _choice_off(choice_id: str) -> IngestResult:
    return IngestResult(stored=0, reason="choice_off", choice=choice_id)


_ACCEPTED: dict[str, Any] = {
    "status_code": 202,
    "response_model": IngestResult,
    "response_model_exclude_none": True,
    "responses": {401: {"description": "Neither a valid access token nor an application id"}},
}


@router.post("/playback", **_ACCEPTED)
def ingest_playback(
    batch: PlaybackBatch, request: Request, caller: IngestCallerDep, session: SessionDep
) -> IngestResult:
    """Playback statistics of personal media (C5), kept only while X1 is on."""
    if not choice_value(session, caller.user.id, "X1"):
        return _choice_off("X1")
    ip_address = _client_ip(request)
    session.execute(
        insert(PlaybackEvent),
        [
            {"user_id": caller.user.id, "ip_address": ip_address, **event.model_dump()}
            for event in batch.events
        ],
    )
    return IngestResult(stored=len(batch.events))


@router.post("/crash-reports", **_ACCEPTED)
def ingest_crash_reports(
    batch: CrashReportBatch, caller: IngestCallerDep, session: SessionDep, settings: SettingsDep
) -> IngestResult:
    """Crash reports (C10), accepted only while X3 is on; the retention sweep ends them (T2)."""
    if not choice_value(session, caller.user.id, "X3"):
        return _choice_off("X3")
    received_at = settings.clock()
    session.execute(
        insert(CrashReport),
        [
            {"user_id": caller.user.id, "received_at": received_at, **event.model_dump()}
            for event in batch.events
        ],
    )
    return IngestResult(stored=len(batch.events))


@router.post("/ad-events", **_ACCEPTED)
def ingest_ad_events(
    batch: AdEventBatch,
    request: Request,
    caller: IngestCallerDep,
    session: SessionDep,
    settings: SettingsDep,
) -> IngestResult:
    """Partner content and ad activity (C6), kept, and fed to the ad profile, only while X2 is on."""
    if not choice_value(session, caller.user.id, "X2"):
        return _choice_off("X2")
    ip_address = _client_ip(request) or ""
    session.execute(
        insert(ContentActivity),
        [
            {"user_id": caller.user.id, "ip_address": ip_address, **event.model_dump()}
            for event in batch.events
        ],
    )
    add_to_ad_profile(
        session,
        caller.user.id,
        ad_profile_scores([(event.kind, event.title) for event in batch.events]),
        settings.clock(),
    )
    return IngestResult(stored=len(batch.events))
