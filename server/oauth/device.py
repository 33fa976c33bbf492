"""Device sign-in (RFC 8628): a device without a browser shows a short code, its user types
it on the service's page on another device and signs in there, and the device, polling the
token endpoint, collects its tokens.

The user code is eight letters from an alphabet without vowels (no words spelled by
accident) and without letters easily taken for digits, shown as `BCDF-GHJK`; typing it is
forgiving about case, spaces and dashes (section 6.1). With 20 letters that is 20^8, about
2.6e10 codes, against a typing page rate-limited like sign-in, for the ten minutes a code
lives. Both codes are stored as SHA-256 digests.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.config import Settings
from server.db.models import DeviceAuthorization, new_id
from server.oauth_errors import oauth_refusal
from server.security import new_token, token_digest

# The grant type a device polls the token endpoint with (section 3.4).
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
USER_CODE_LENGTH = 8
# RFC 8628 section 3.5: each slow_down adds five seconds to the pause.
SLOW_DOWN_STEP = 5

PENDING, APPROVED, DENIED, USED = "pending", "approved", "denied", "used"


@dataclass(frozen=True)
class DeviceStart:
    device_code: str
    user_code: str  # as shown: XXXX-XXXX
    expires_in: int
    interval: int


def new_user_code() -> str:
    return "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(USER_CODE_LENGTH))


def shown_user_code(code: str) -> str:
    half = USER_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def typed_user_code(text: str) -> str | None:
    """The code the user meant (capitals, no dash), or None when it cannot be one."""
    letters = "".join(character for character in text.upper() if character not in " -")
    if len(letters) != USER_CODE_LENGTH or any(c not in USER_CODE_ALPHABET for c in letters):
        return None
    return letters


def start_device_authorization(session: Session, settings: Settings, client_id: str) -> DeviceStart:
    device_code, user_code = new_token(), new_user_code()
    now = settings.clock()
    interval = int(settings.device_poll_interval.total_seconds())
    session.add(
        DeviceAuthorization(
            device_code_hash=token_digest(device_code),
            user_code_hash=token_digest(user_code),
            client_id=client_id,
            family_id=new_id(),
            status=PENDING,
            created_at=now,
            expires_at=now + settings.device_code_lifetime,
            interval_seconds=interval,
        )
    )
    return DeviceStart(
        device_code,
        shown_user_code(user_code),
        int(settings.device_code_lifetime.total_seconds()),
        interval,
    )


def waiting_authorization(
    session: Session, settings: Settings, typed: str
) -> DeviceAuthorization | None:
    """The pending, unexpired authorization whose user code this is."""
    code = typed_user_code(typed)
    if code is None:
        return None
    return session.scalar(
        select(DeviceAuthorization).where(
            DeviceAuthorization.user_code_hash == token_digest(code),
            DeviceAuthorization.status == PENDING,
            DeviceAuthorization.expires_at > settings.clock(),
        )
    )


def decide(session: Session, authorization: DeviceAuthorization, user_id: str | None) -> bool:
    """Approve for `user_id`, or deny with None; False when it was decided meanwhile."""
    result = session.execute(
        update(DeviceAuthorization)
        .where(DeviceAuthorization.id == authorization.id, DeviceAuthorization.status == PENDING)
        .values(status=APPROVED if user_id else DENIED, user_id=user_id)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def collect(
    session: Session, settings: Settings, *, device_code: str, client_id: str
) -> DeviceAuthorization:
    """One poll of the device (section 3.4): the approved authorization, now used up; or a
    refusal saying why not yet (`authorization_pending`, `slow_down`) or never
    (`expired_token`, `access_denied`, `invalid_grant`)."""
    now = settings.clock()
    digest = token_digest(device_code)
    stored = session.scalar(
        select(DeviceAuthorization).where(DeviceAuthorization.device_code_hash == digest)
    )
    if stored is None or stored.client_id != client_id:
        raise oauth_refusal("invalid_grant", "This device code is not known.")
    if stored.status == USED:
        raise oauth_refusal("invalid_grant", "This device code was already used.")
    if stored.status == DENIED:
        raise oauth_refusal("access_denied", "The sign-in was denied on the other device.")
    if stored.expires_at <= now:
        raise oauth_refusal("expired_token", "This device code has expired. Start again.")
    # One compare-and-swap decides whether this poll kept the pause; a poll that did not is
    # told to slow down, and the pause grows for every poll after it.
    kept_pause = session.execute(
        update(DeviceAuthorization)
        .where(
            DeviceAuthorization.id == stored.id,
            (DeviceAuthorization.last_polled_at.is_(None))
            | (
                DeviceAuthorization.last_polled_at
                <= now - timedelta(seconds=stored.interval_seconds)
            ),
        )
        .values(last_polled_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(kept_pause, "rowcount", 0) != 1:
        session.execute(
            update(DeviceAuthorization)
            .where(DeviceAuthorization.id == stored.id)
            .values(
                interval_seconds=DeviceAuthorization.interval_seconds + SLOW_DOWN_STEP,
                last_polled_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        raise oauth_refusal(
            "slow_down",
            f"Polling too fast: wait {stored.interval_seconds + SLOW_DOWN_STEP} seconds "
            "between polls.",
            commit=True,
        )
    used = session.execute(
        update(DeviceAuthorization)
        .where(DeviceAuthorization.id == stored.id, DeviceAuthorization.status == APPROVED)
        .values(status=USED)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        raise oauth_refusal(
            "authorization_pending",
            "The user has not signed in on the other device yet.",
            commit=True,
        )
    session.refresh(stored)
    return stored
