"""The service's tables. Every personal row hangs off a user id."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from server.db.types import UTCDateTime

# BIGINT on PostgreSQL (a million events per user adds up), INTEGER on SQLite, where only
# an INTEGER PRIMARY KEY is an auto-incrementing rowid.
BigIntegerId = BigInteger().with_variant(Integer(), "sqlite")


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    username: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Bumped on every choice change; the ETag of GET /v1/me/choices.
    choices_version: Mapped[int] = mapped_column(Integer, default=1)
    plan: Mapped[str] = mapped_column(String(50), default="free", server_default="free")
    # Whether a Global Privacy Control signal (`Sec-GPC: 1`) from the user's browsers and
    # other apps switches off what it stands for (server/gpc.py). On unless the user says no.
    honour_gpc: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class RefreshToken(Base):
    """One link in a rotation chain. Only the SHA-256 of the token is stored."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The token this one was exchanged for: a retry whose first answer was lost is told
    # apart from a replay by whether that successor was ever used (server/api/auth.py).
    replaced_by_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AccessToken(Base):
    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the user last re-entered their password on this token (step-up for deletion).
    stepped_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ChoiceValue(Base):
    """The current value of a choice the user has changed; absent means the default."""

    __tablename__ = "choice_values"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    choice_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who set the value: "user" (the account holder, in an app) or "gpc" (a Global Privacy
    # Control signal), and from which app or device.
    origin: Mapped[str] = mapped_column(String(16), default="user", server_default="user")
    origin_client: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The user set this choice themselves after a GPC signal had switched it off: their
    # explicit choice wins, and later signals leave it alone.
    gpc_overridden: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class ChoiceChange(Base):
    """Append-only log of every change: who, what, old, new, when, from which app."""

    __tablename__ = "choice_changes"
    __table_args__ = (Index("ix_choice_changes_user_time", "user_id", "changed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    choice_id: Mapped[str] = mapped_column(String(16))
    old_value: Mapped[bool] = mapped_column(Boolean)
    new_value: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    client: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(16), default="user", server_default="user")


# ---------------------------------------------------------------------------------------
# The data the service holds about a user, one table per category (policy-facts C1-C16).
# Every table is keyed for cursor paging: (user_id, occurred_at, id).
# ---------------------------------------------------------------------------------------


class ConnectedAccount(Base):
    """C2: a linked external account."""

    __tablename__ = "connected_accounts"
    __table_args__ = (Index("ix_connected_accounts_page", "user_id", "connected_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(100))
    external_name: Mapped[str] = mapped_column(String(200))
    external_email: Mapped[str] = mapped_column(String(320))
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Integration(Base):
    """C4: a third-party control or playback integration the user enabled."""

    __tablename__ = "integrations"
    __table_args__ = (Index("ix_integrations_page", "user_id", "enabled_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    enabled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_request: Mapped[str] = mapped_column(String(500), default="")


class PlaybackEvent(Base):
    """C5: generalised playback statistics. Never titles or file names.

    user_id and ip_address become NULL when the account is deleted (T5: kept unlinked).
    """

    __tablename__ = "playback_events"
    __table_args__ = (Index("ix_playback_events_page", "user_id", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    device: Mapped[str] = mapped_column(String(100))
    media_kind: Mapped[str] = mapped_column(String(20))
    duration_seconds: Mapped[int] = mapped_column(Integer)
    bitrate_kbps: Mapped[int] = mapped_column(Integer)
    resolution: Mapped[str] = mapped_column(String(20))
    file_type: Mapped[str] = mapped_column(String(20))
    ip_address: Mapped[str | None] = mapped_column(String(45), nullable=True)


class ContentActivity(Base):
    """C6: third-party content watched and ad interactions."""

    __tablename__ = "content_activity"
    __table_args__ = (Index("ix_content_activity_page", "user_id", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(30))  # watched | ad_impression | ad_click
    title: Mapped[str] = mapped_column(String(300))
    device: Mapped[str] = mapped_column(String(100))
    ip_address: Mapped[str] = mapped_column(String(45))
    postal_code: Mapped[str] = mapped_column(String(20), default="")


class AdSegment(Base):
    """C6/U5: the ad profile built from activity. Deleted at once when X2 goes off.

    One row per (user, segment), which the ingest upsert relies on; the surrogate id exists
    so the profile pages like every other category (user_id, updated_at, id) and the user
    can see it (R1).
    """

    __tablename__ = "ad_segments"
    __table_args__ = (
        UniqueConstraint("user_id", "segment", name="uq_ad_segments_user_segment"),
        Index("ix_ad_segments_page", "user_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    segment: Mapped[str] = mapped_column(String(100))
    score: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PartnerReport(Base):
    """C7: counts reported to partners to compute fees."""

    __tablename__ = "partner_reports"
    __table_args__ = (Index("ix_partner_reports_page", "user_id", "reported_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    partner: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(100))
    count: Mapped[int] = mapped_column(Integer)


class MediaServer(Base):
    """C8: a media server the user created or connected to."""

    __tablename__ = "media_servers"
    __table_args__ = (Index("ix_media_servers_page", "user_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    ip_address: Mapped[str] = mapped_column(String(45))
    port: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CrashReport(Base):
    """C10: a crash report or debug log. Deleted after 90 days (T2)."""

    __tablename__ = "crash_reports"
    __table_args__ = (
        Index("ix_crash_reports_page", "user_id", "received_at", "id"),
        Index("ix_crash_reports_received", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    app: Mapped[str] = mapped_column(String(100))
    app_version: Mapped[str] = mapped_column(String(50))
    device: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)


class Device(Base):
    """C11: a device seen on a request."""

    __tablename__ = "devices"
    __table_args__ = (Index("ix_devices_page", "user_id", "last_seen_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    ip_address: Mapped[str] = mapped_column(String(45))
    os: Mapped[str] = mapped_column(String(100))
    os_version: Mapped[str] = mapped_column(String(50))
    browser: Mapped[str] = mapped_column(String(100), default="")
    app_version: Mapped[str] = mapped_column(String(50))
    location: Mapped[str] = mapped_column(String(100), default="")
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApplicationId(Base):
    """C12: one id per installed copy of an app; client apps may authenticate with it."""

    __tablename__ = "application_ids"
    __table_args__ = (Index("ix_application_ids_page", "user_id", "installed_at", "id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    app: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(50))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # SHA-256 of the app's ingest secret; ingest calls may authenticate with it.
    secret_hash: Mapped[str] = mapped_column(String(64), default="")


class Cookie(Base):
    """C14: a website cookie. Reset after 14 days (T3)."""

    __tablename__ = "cookies"
    __table_args__ = (
        Index("ix_cookies_page", "user_id", "set_at", "id"),
        Index("ix_cookies_set", "set_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConsentReceipt(Base):
    """C15: a signed consent receipt (Kantara Consent Receipt fields), one per change."""

    __tablename__ = "consent_receipts"
    __table_args__ = (Index("ix_consent_receipts_page", "user_id", "issued_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    choice_id: Mapped[str] = mapped_column(String(16))
    value: Mapped[bool] = mapped_column(Boolean)
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, exactly what was signed
    signature: Mapped[str] = mapped_column(String(200))  # base64url Ed25519
    key_id: Mapped[str] = mapped_column(String(64))


class SigningKey(Base):
    """The service's Ed25519 keys; the newest signs, all stay published for verification."""

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_key: Mapped[str] = mapped_column(Text)  # PEM (PKCS#8)
    public_key: Mapped[str] = mapped_column(String(100))  # base64url raw 32 bytes
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# ---------------------------------------------------------------------------------------
# Requests (R1-R8) and the jobs that carry them out.
# ---------------------------------------------------------------------------------------


class PrivacyRequest(Base):
    __tablename__ = "privacy_requests"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key", name="uq_privacy_requests_idempotency"),
        Index("ix_privacy_requests_user", "user_id", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # NULL once the account is deleted; the tombstone keeps the proof.
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # access | correction | deletion
    status: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    extension_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    denial_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: correction field etc.
    grace_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    export_file: Mapped[str | None] = mapped_column(String(500), nullable=True)
    export_size: Mapped[int | None] = mapped_column(BigIntegerId, nullable=True)
    export_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    export_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RequestEvent(Base):
    """The request's history: every status it passed through, with a timestamp."""

    __tablename__ = "request_events"
    __table_args__ = (Index("ix_request_events_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("privacy_requests.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")


class Job(Base):
    """Work for `privacy-server worker`: claimed with a lease that expires."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_claim", "status", "run_after"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    run_after: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    locked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeletionTombstone(Base):
    """The minimal proof that an account was deleted: no e-mail, no name."""

    __tablename__ = "deletion_tombstones"

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(32))
    # SHA-256 of the normalised e-mail: lets support confirm "that account was deleted"
    # when the person asks, and lets sign-in say so, without keeping the address.
    email_digest: Mapped[str] = mapped_column(String(64), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SignInWindow(Base):
    """The recent sign-in attempts of one account or one client address
    (server/rate_limit.py), shared by every API process.

    The key is stored as a SHA-256 digest: the limiter only needs to recognise an e-mail
    address or an IP address again, never to read it back. `attempts` holds the times of at
    most `limit` recent attempts (microseconds since 1970, space-separated); a row nobody
    used for a whole window is swept.
    """

    __tablename__ = "sign_in_windows"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)  # "account" | "address"
    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempts: Mapped[str] = mapped_column(Text, default="")
    last_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


# ---------------------------------------------------------------------------------------
# Browser and device sign-in (OAuth 2.0: RFC 6749, 7636, 8252, 8628; server/oauth/).
# ---------------------------------------------------------------------------------------


class AuthorizationCode(Base):
    """One code handed to a client's redirect after the user signed in on the service's page.

    Only the SHA-256 of the code is stored. A code is bound to its client, its redirect URI
    and its PKCE challenge, lives a minute, and is redeemed once: `used_at` is set by the
    first exchange, whatever its outcome. The tokens the exchange issues form the family
    `family_id`, fixed when the code is made, so a replayed code ends exactly those tokens.
    """

    __tablename__ = "authorization_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100))
    redirect_uri: Mapped[str] = mapped_column(Text)
    code_challenge: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[str] = mapped_column(String(32))
    # When the password was checked on the page; a step-up code carries it to the access
    # token it is exchanged for (server/step_up.py).
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    step_up: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DeviceAuthorization(Base):
    """One device sign-in (RFC 8628): a device polls with `device_code` while its user types
    `user_code` on the service's page elsewhere. Both are stored as SHA-256 digests.

    `status` moves pending → approved | denied, and approved → used when the device collects
    its tokens. `interval` is the polling pause the device was told, grown by five seconds
    at every `slow_down`.
    """

    __tablename__ = "device_authorizations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    device_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(100))
    family_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


# ---------------------------------------------------------------------------------------
# Authorised agents (R6) over the Data Rights Protocol (server/drp/).
# ---------------------------------------------------------------------------------------


class Agent(Base):
    """An authorised agent the operator registered (`privacy-server agent add`)."""

    __tablename__ = "agents"

    # The agent's id in the DRP service directory ([A-Z_]+).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The agent's Ed25519 verify key: 32 raw bytes, base64 (DRP 0.9.1 and later).
    verify_key: Mapped[str] = mapped_column(String(100))
    web_url: Mapped[str] = mapped_column(Text, default="")
    # Status callbacks go only to URLs that start with this (set by the operator), so an
    # agent cannot make the service call arbitrary addresses. Empty: no callbacks.
    callback_prefix: Mapped[str] = mapped_column(Text, default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Removed by the operator: its tokens and messages are refused from then on.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AgentToken(Base):
    """A DRP pair-wise bearer token (POST /v1/agent/{id}); only its SHA-256 is stored."""

    __tablename__ = "agent_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AgentAuthorisation(Base):
    """The account holder's "let this agent file requests for me", given in the app.

    One live authorisation per user and agent: a new grant ends the previous one.
    """

    __tablename__ = "agent_authorisations"
    __table_args__ = (Index("ix_agent_authorisations_user_agent", "user_id", "agent_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    # The request kinds the agent may file, comma-separated: "access,deletion".
    kinds: Mapped[str] = mapped_column(String(100))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AgentMessage(Base):
    """The replay guard: the SHA-256 of every signed agent message accepted, kept until
    the message itself expires. The same message again is refused."""

    __tablename__ = "agent_messages"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AgentRequest(Base):
    """A privacy request an agent filed over DRP: who filed it and where to report."""

    __tablename__ = "agent_requests"
    __table_args__ = (Index("ix_agent_requests_agent", "agent_id", "agent_request_id"),)

    request_id: Mapped[str] = mapped_column(
        ForeignKey("privacy_requests.id", ondelete="CASCADE"), primary_key=True
    )
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    authorisation_id: Mapped[str] = mapped_column(String(32))
    # The agent's own id for the request (DRP `agent-request-id`), when it sent one.
    agent_request_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status_callback: Mapped[str | None] = mapped_column(Text, nullable=True)
