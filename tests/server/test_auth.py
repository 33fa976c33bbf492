"""Signing in, staying signed in, and signing out (POST /v1/auth/token and /v1/auth/revoke)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from server import security
from server.api.auth import REFRESH_RETRY_GRACE
from server.config import Settings
from server.db.database import Database
from server.db.models import AccessToken, RefreshToken
from tests.server.helpers import (
    Account,
    FakeClock,
    assert_problem,
    bearer,
    password_grant,
    refresh,
    sign_in,
    who_am_i,
)


class CountingHasher:
    """Wraps the real argon2 hasher and remembers which stored hashes were verified."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified: list[str] = []

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return bool(self.real.verify(password_hash, password))


def _family_of(database: Database, refresh_token: str) -> list[RefreshToken]:
    """Every refresh token in the rotation chain that this token belongs to."""
    digest = security.token_digest(refresh_token)
    with database.session() as session:
        family = session.scalar(
            select(RefreshToken.family_id).where(RefreshToken.token_hash == digest)
        )
        assert family is not None
        return list(session.scalars(select(RefreshToken).where(RefreshToken.family_id == family)))


# --- signing in -------------------------------------------------------------------------------


def test_signing_in_with_the_right_password_gives_tokens_and_says_who_signed_in(
    client: TestClient, ada: Account
) -> None:
    response = password_grant(client, ada.email, ada.password)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"] == {"id": ada.id, "email": ada.email}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    access, refresh_token = body["access_token"], body["refresh_token"]
    assert isinstance(access, str) and len(access) >= 32
    assert isinstance(refresh_token, str) and len(refresh_token) >= 32
    assert access != refresh_token
    profile = who_am_i(client, access)
    assert profile.status_code == 200, profile.text
    assert profile.json()["id"] == ada.id
    assert profile.json()["email"] == ada.email


def test_the_e_mail_address_is_recognised_whatever_its_case_or_surrounding_spaces(
    client: TestClient, ada: Account
) -> None:
    response = password_grant(client, f"  {ada.email.upper()} ", ada.password)

    assert response.status_code == 200, response.text
    assert response.json()["user"] == {"id": ada.id, "email": ada.email}


def test_token_responses_tell_every_cache_not_to_store_them(
    client: TestClient, ada: Account
) -> None:
    # RFC 6749 section 5.1: a response that carries tokens MUST say "Cache-Control: no-store".
    signed_in = password_grant(client, ada.email, ada.password)
    refreshed = refresh(client, signed_in.json()["refresh_token"])

    for response in (signed_in, refreshed):
        assert response.status_code == 200, response.text
        assert "no-store" in response.headers.get("cache-control", "").lower()


def test_a_refused_sign_in_is_an_oauth_error_the_app_still_reads_and_no_cache_keeps(
    client: TestClient, ada: Account
) -> None:
    # RFC 6749 section 5.2: `error` is how an OAuth client tells a refusal from a token;
    # the problem members stay, `code` included, which the app reads.
    for response in (
        password_grant(client, ada.email, "not the right password"),
        refresh(client, "made-up-refresh-token"),
    ):
        body = assert_problem(response, 400, code="invalid_grant")
        assert body["error"] == "invalid_grant"
        assert body["error_description"] == body["detail"]
        assert "no-store" in response.headers["cache-control"]
        assert response.headers["pragma"] == "no-cache"


def test_a_wrong_password_and_an_unknown_e_mail_are_refused_the_same_way(
    client: TestClient,
    ada: Account,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hasher = CountingHasher(security._hasher)
    monkeypatch.setattr(security, "_hasher", hasher)

    wrong_password = password_grant(client, ada.email, "not the right password")
    checked_for_wrong_password = list(hasher.verified)
    hasher.verified.clear()
    unknown_email = password_grant(client, "nobody@example.org", ada.password)
    checked_for_unknown_email = list(hasher.verified)

    wrong_body = assert_problem(wrong_password, 400, code="invalid_grant")
    unknown_body = assert_problem(unknown_email, 400, code="invalid_grant")
    # Nothing in the answer tells whether the e-mail address has an account.
    assert wrong_body == unknown_body
    # Both paths run exactly one argon2 verification, so both take about as long.
    assert len(checked_for_wrong_password) == 1
    assert len(checked_for_unknown_email) == 1
    assert checked_for_wrong_password[0].startswith("$argon2")
    assert checked_for_unknown_email[0].startswith("$argon2")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AccessToken)) == 0
        assert session.scalar(select(func.count()).select_from(RefreshToken)) == 0


def test_a_refresh_grant_without_a_refresh_token_is_refused(client: TestClient) -> None:
    response = client.post("/v1/auth/token", data={"grant_type": "refresh_token"})

    assert_problem(response, 400, code="invalid_grant")


def test_a_refresh_token_that_was_never_issued_is_refused(client: TestClient) -> None:
    response = refresh(client, "made-up-refresh-token-that-nobody-was-ever-given")

    assert_problem(response, 400, code="invalid_grant")


# --- staying signed in ------------------------------------------------------------------------


def test_refreshing_hands_out_new_tokens_and_the_old_refresh_token_stops_working(
    client: TestClient, ada: Account
) -> None:
    first = sign_in(client, ada)

    rotated = refresh(client, first["refresh_token"])

    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert second["user"] == {"id": ada.id, "email": ada.email}
    assert who_am_i(client, second["access_token"]).status_code == 200
    # Once the new refresh token has been used, the first one is spent for good.
    assert refresh(client, second["refresh_token"]).status_code == 200
    assert_problem(refresh(client, first["refresh_token"]), 400, code="invalid_grant")


def test_reusing_a_rotated_refresh_token_signs_out_every_device_of_that_sign_in(
    client: TestClient, ada: Account, database: Database, clock: FakeClock
) -> None:
    laptop = sign_in(client, ada, device="laptop")
    phone = sign_in(client, ada, device="phone")
    rotated = refresh(client, laptop["refresh_token"]).json()
    assert who_am_i(client, rotated["access_token"]).status_code == 200
    clock.advance(REFRESH_RETRY_GRACE + timedelta(seconds=1))

    # Someone replays the laptop's first refresh token, which was already used once, later
    # than any retry of a lost answer would come.
    replay = refresh(client, laptop["refresh_token"])

    assert_problem(replay, 400, code="invalid_grant")
    # The newest refresh token of that sign-in is refused as well ...
    assert_problem(refresh(client, rotated["refresh_token"]), 400, code="invalid_grant")
    # ... and so is every access token it handed out.
    for access in (laptop["access_token"], rotated["access_token"]):
        response = who_am_i(client, access)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"].lower().startswith("bearer")
    # The revocation is stored, not just answered: every link of that chain is marked.
    assert {link.revoked_at for link in _family_of(database, laptop["refresh_token"])} == {
        clock.now
    }
    # The phone signed in separately and keeps working.
    assert who_am_i(client, phone["access_token"]).status_code == 200
    assert all(link.revoked_at is None for link in _family_of(database, phone["refresh_token"]))
    phone_rotated = refresh(client, phone["refresh_token"])
    assert phone_rotated.status_code == 200, phone_rotated.text
    assert who_am_i(client, phone_rotated.json()["access_token"]).status_code == 200


def test_a_refresh_whose_answer_was_lost_can_be_sent_again_and_the_sign_in_goes_on(
    client: TestClient, ada: Account, database: Database, clock: FakeClock
) -> None:
    tokens = sign_in(client, ada)
    # The service rotates the token, but the answer never reaches the app (a cut connection).
    lost = refresh(client, tokens["refresh_token"]).json()
    clock.advance(seconds=30)

    # The app still holds the old token and sends it again.
    retried = refresh(client, tokens["refresh_token"])

    assert retried.status_code == 200, retried.text
    pair = retried.json()
    assert pair["refresh_token"] != lost["refresh_token"]
    assert who_am_i(client, pair["access_token"]).status_code == 200
    # The sign-in goes on rotating normally from the pair that arrived.
    onwards = refresh(client, pair["refresh_token"])
    assert onwards.status_code == 200, onwards.text
    assert who_am_i(client, onwards.json()["access_token"]).status_code == 200
    family = _family_of(database, tokens["refresh_token"])
    assert all(link.revoked_at is None for link in family if link.replaced_by_id is not None)


def test_the_pair_whose_answer_was_lost_is_withdrawn_and_presenting_it_ends_the_sign_in(
    client: TestClient, ada: Account, clock: FakeClock
) -> None:
    tokens = sign_in(client, ada)
    intercepted = refresh(client, tokens["refresh_token"]).json()
    retried = refresh(client, tokens["refresh_token"]).json()
    clock.advance(minutes=1)

    # Whoever kept the answer the app never received cannot use its refresh token: that is
    # a second holder, and the whole sign-in ends, the app's fresh pair included.
    assert_problem(refresh(client, intercepted["refresh_token"]), 400, code="invalid_grant")
    assert_problem(refresh(client, retried["refresh_token"]), 400, code="invalid_grant")
    assert_problem(who_am_i(client, retried["access_token"]), 401)


def test_retries_are_answered_only_within_the_grace_period_counted_from_the_first_refresh(
    client: TestClient, ada: Account, database: Database, clock: FakeClock
) -> None:
    tokens = sign_in(client, ada)
    refresh(client, tokens["refresh_token"])  # answer lost
    clock.advance(REFRESH_RETRY_GRACE / 2)
    assert refresh(client, tokens["refresh_token"]).status_code == 200  # lost again
    clock.advance(REFRESH_RETRY_GRACE / 2 + timedelta(seconds=1))

    # Retrying cannot stretch the window: past it, the old token is a replay.
    late = refresh(client, tokens["refresh_token"])

    assert_problem(late, 400, code="invalid_grant")
    assert all(
        link.revoked_at is not None for link in _family_of(database, tokens["refresh_token"])
    )


def test_a_replay_within_the_grace_period_still_ends_the_sign_in_once_the_new_token_was_used(
    client: TestClient, ada: Account, clock: FakeClock
) -> None:
    tokens = sign_in(client, ada)
    second = refresh(client, tokens["refresh_token"]).json()
    third = refresh(client, second["refresh_token"]).json()
    clock.advance(seconds=10)

    # The answer to the first refresh plainly arrived: its token was used. So the first
    # token coming back is someone else's copy, however soon it comes.
    assert_problem(refresh(client, tokens["refresh_token"]), 400, code="invalid_grant")
    assert_problem(refresh(client, third["refresh_token"]), 400, code="invalid_grant")
    assert_problem(who_am_i(client, third["access_token"]), 401)


def test_an_access_token_stops_working_fifteen_minutes_after_it_was_handed_out(
    client: TestClient, ada: Account, clock: FakeClock
) -> None:
    tokens = sign_in(client, ada)

    clock.advance(minutes=14, seconds=59)
    assert who_am_i(client, tokens["access_token"]).status_code == 200

    clock.advance(seconds=1)
    expired = who_am_i(client, tokens["access_token"])
    assert_problem(expired, 401, code="invalid_token")
    assert "invalid_token" in expired.headers["www-authenticate"]

    # The refresh token is still good and brings a working access token.
    renewed = refresh(client, tokens["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    assert who_am_i(client, renewed.json()["access_token"]).status_code == 200


def test_a_refresh_token_stops_working_once_its_lifetime_is_over(
    client: TestClient, ada: Account, clock: FakeClock, settings: Settings
) -> None:
    assert settings.refresh_token_lifetime.days >= 1  # a sign-in outlives a day
    used_daily = sign_in(client, ada, device="phone")
    left_alone = sign_in(client, ada, device="old tablet")

    clock.advance(settings.refresh_token_lifetime - timedelta(seconds=1))
    still_good = refresh(client, used_daily["refresh_token"])
    assert still_good.status_code == 200, still_good.text

    clock.advance(seconds=1)
    assert_problem(refresh(client, left_alone["refresh_token"]), 400, code="invalid_grant")
    # The token rotated a second ago starts a fresh lifetime.
    assert refresh(client, still_good.json()["refresh_token"]).status_code == 200


# --- signing out (RFC 7009) -------------------------------------------------------------------


def test_revoking_a_token_the_service_never_issued_still_answers_200(client: TestClient) -> None:
    response = client.post("/v1/auth/revoke", data={"token": "never-issued-by-this-service"})

    assert response.status_code == 200, response.text


def test_signing_out_with_the_refresh_token_ends_that_sign_in_and_only_that_one(
    client: TestClient, ada: Account
) -> None:
    laptop = sign_in(client, ada, device="laptop")
    phone = sign_in(client, ada, device="phone")

    response = client.post(
        "/v1/auth/revoke",
        data={"token": laptop["refresh_token"], "token_type_hint": "refresh_token"},
    )

    assert response.status_code == 200, response.text
    assert_problem(refresh(client, laptop["refresh_token"]), 400, code="invalid_grant")
    assert_problem(who_am_i(client, laptop["access_token"]), 401)
    assert who_am_i(client, phone["access_token"]).status_code == 200
    # Signing out twice is not an error either.
    again = client.post("/v1/auth/revoke", data={"token": laptop["refresh_token"]})
    assert again.status_code == 200


def test_signing_out_with_the_access_token_also_ends_the_refresh_token(
    client: TestClient, ada: Account
) -> None:
    tokens = sign_in(client, ada)

    response = client.post("/v1/auth/revoke", data={"token": tokens["access_token"]})

    assert response.status_code == 200, response.text
    assert_problem(who_am_i(client, tokens["access_token"]), 401)
    assert_problem(refresh(client, tokens["refresh_token"]), 400, code="invalid_grant")


def test_a_user_profile_needs_a_valid_access_token(client: TestClient, ada: Account) -> None:
    tokens = sign_in(client, ada)

    assert who_am_i(client, tokens["access_token"]).status_code == 200
    # A refresh token is not an access token.
    assert_problem(client.get("/v1/me", headers=bearer(tokens["refresh_token"])), 401)


def test_production_password_hashes_use_argon2id_with_a_memory_hard_cost() -> None:
    """The server tests hash cheaply for speed; the service itself must not."""
    from argon2 import extract_parameters

    import server.security

    stored = server.security.production_hasher().hash("a password")
    parameters = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert parameters.memory_cost >= 19 * 1024  # OWASP's floor for argon2id, in KiB
    assert parameters.time_cost >= 2
