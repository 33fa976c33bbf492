"""Password guessing is slow: `POST /v1/auth/token` is limited per account and per address.

The tests through HTTP use small limits (2 per account, 4 per address) set in Settings, so
each story needs only a few attempts; the default numbers (10 per account and 30 per
address per minute) are checked on the limiter itself, with the same fake clock. The windows
live in the database, so every test runs on SQLite and on PostgreSQL, and two instances of
the service (two API processes: tests/server/test_scale_out.py) enforce one limit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import server.api.auth
from server.app import create_app
from server.config import Settings
from server.db.database import Database
from server.db.models import RefreshToken, SignInWindow
from server.rate_limit import SignInLimiter
from tests.server.helpers import START, Account, FakeClock, assert_problem, password_grant, refresh

SMALL_LIMITS = {"sign_in_attempts_per_account": 2, "sign_in_attempts_per_address": 4}


@pytest.fixture
def limited_settings(settings: Settings) -> Settings:
    return replace(settings, **SMALL_LIMITS)


@pytest.fixture
def limited_client(limited_settings: Settings, database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(limited_settings, database)) as test_client:
        yield test_client


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which passwords the token endpoint really checked (the real check still runs)."""
    checked: list[str] = []
    real_check: Callable[[str | None, str], bool] = server.api.auth.verify_password

    def counting_check(password_hash: str | None, password: str) -> bool:
        checked.append(password)
        return real_check(password_hash, password)

    monkeypatch.setattr(server.api.auth, "verify_password", counting_check)
    return checked


def _refresh_tokens_of(database: Database, account: Account) -> int:
    with database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(RefreshToken).where(RefreshToken.user_id == account.id)
        )
    return int(count or 0)


def test_a_sign_in_beyond_the_account_limit_is_refused_before_its_password_is_checked(
    limited_client: TestClient, database: Database, ada: Account, password_checks: list[str]
) -> None:
    assert password_grant(limited_client, ada.email, "not the password").status_code == 400
    # A successful sign-in counts too: guessing right does not buy more guesses.
    assert password_grant(limited_client, ada.email, ada.password).status_code == 200

    refused = password_grant(limited_client, ada.email, ada.password)

    body = assert_problem(refused, 429, "rate_limited")
    assert refused.headers["Retry-After"] == "60"
    assert "60 seconds" in body["detail"]
    assert "access_token" not in body
    # Two passwords were checked (two argon2 hashes), the refused third was never looked at.
    assert password_checks == ["not the password", ada.password]
    assert _refresh_tokens_of(database, ada) == 1


def test_the_account_window_slides_and_retry_after_says_when_the_next_attempt_fits(
    limited_client: TestClient, clock: FakeClock, ada: Account
) -> None:
    assert password_grant(limited_client, ada.email, "first guess").status_code == 400
    clock.advance(seconds=20)
    assert password_grant(limited_client, ada.email, "second guess").status_code == 400
    clock.advance(seconds=10)

    refused = password_grant(limited_client, ada.email, ada.password)
    # The first attempt (30 s ago) leaves the one-minute window in 30 s.
    assert_problem(refused, 429, "rate_limited")
    assert refused.headers["Retry-After"] == "30"

    clock.advance(seconds=29)
    assert password_grant(limited_client, ada.email, ada.password).headers["Retry-After"] == "1"
    clock.advance(seconds=1)
    assert password_grant(limited_client, ada.email, ada.password).status_code == 200

    # Now the second guess (40 s ago) is the oldest in the window: 20 s more.
    again = password_grant(limited_client, ada.email, ada.password)
    assert_problem(again, 429, "rate_limited")
    assert again.headers["Retry-After"] == "20"


def test_a_refused_account_leaves_other_accounts_alone_however_its_address_is_spelled(
    limited_client: TestClient, ada: Account, bob: Account
) -> None:
    assert password_grant(limited_client, "  ADA@Example.org", "guess one").status_code == 400
    assert password_grant(limited_client, "ada@EXAMPLE.ORG ", "guess two").status_code == 400

    assert_problem(password_grant(limited_client, ada.email, ada.password), 429, "rate_limited")
    assert password_grant(limited_client, bob.email, bob.password).status_code == 200


def test_too_many_token_requests_from_one_address_are_refused_and_other_addresses_are_not(
    limited_client: TestClient, limited_settings: Settings, database: Database, bob: Account
) -> None:
    # Refresh grants count per address too; unknown tokens keep this cheap (no hashing).
    for attempt in range(4):
        assert refresh(limited_client, f"made-up-{attempt}").status_code == 400

    refused = refresh(limited_client, "made-up-4")
    assert_problem(refused, 429, "rate_limited")
    assert refused.headers["Retry-After"] == "60"
    # The address is refused whichever account it tries next.
    assert_problem(password_grant(limited_client, bob.email, bob.password), 429, "rate_limited")

    other_app = create_app(limited_settings, database)
    with TestClient(other_app, client=("192.0.2.7", 40000)) as elsewhere:
        assert refresh(elsewhere, "made-up-5").status_code == 400


def test_two_service_instances_on_one_database_enforce_one_limit(
    limited_client: TestClient, limited_settings: Settings, database: Database
) -> None:
    """What API processes share is the database: a second instance sees the first's attempts."""
    for attempt in range(2):
        assert refresh(limited_client, f"made-up-{attempt}").status_code == 400

    with TestClient(create_app(limited_settings, database)) as second_instance:
        for attempt in range(2, 4):
            assert refresh(second_instance, f"made-up-{attempt}").status_code == 400
        assert_problem(refresh(second_instance, "made-up"), 429, "rate_limited")
    assert_problem(refresh(limited_client, "made-up"), 429, "rate_limited")


def test_a_failed_sign_in_still_counts_although_its_own_transaction_rolls_back(
    limited_client: TestClient, ada: Account
) -> None:
    for guess in ("guess one", "guess two"):
        assert_problem(password_grant(limited_client, ada.email, guess), 400, "invalid_grant")

    assert_problem(password_grant(limited_client, ada.email, ada.password), 429, "rate_limited")


def test_the_windows_keep_no_e_mail_or_address_in_clear(
    limited_client: TestClient, database: Database, ada: Account
) -> None:
    password_grant(limited_client, ada.email, "a guess")

    with database.session() as session:
        rows = session.scalars(select(SignInWindow)).all()
        stored = " ".join(f"{row.scope} {row.key_digest} {row.attempts}" for row in rows)
    assert sorted(row.scope for row in rows) == ["account", "address"]
    assert ada.email not in stored and "testclient" not in stored


# --- The limiter itself, with the default numbers --------------------------------------------


@pytest.fixture
def default_limiter(database: Database) -> SignInLimiter:
    return SignInLimiter.from_settings(database, Settings(database_url=database.url))


def test_by_default_the_eleventh_attempt_on_one_account_within_a_minute_is_refused(
    default_limiter: SignInLimiter,
) -> None:
    limiter, clock = default_limiter, FakeClock()
    for attempt in range(10):
        # From ten different addresses: the account limit alone decides.
        assert limiter.attempt(account="ada", address=f"10.0.0.{attempt}", now=clock()) is None
        clock.advance(seconds=1)

    refusal = limiter.attempt(account="ada", address="10.0.1.1", now=clock())

    assert refusal is not None and refusal.scope == "account"
    assert refusal.retry_after_seconds == 50  # the first attempt, 10 s ago, leaves at 60 s
    assert limiter.attempt(account="bob", address="10.0.1.1", now=clock()) is None
    clock.advance(seconds=50)
    assert limiter.attempt(account="ada", address="10.0.1.1", now=clock()) is None


def test_by_default_the_thirty_first_attempt_from_one_address_within_a_minute_is_refused(
    default_limiter: SignInLimiter,
) -> None:
    limiter, now = default_limiter, START
    for attempt in range(30):
        assert limiter.attempt(account=f"user{attempt}", address="198.51.100.9", now=now) is None

    refusal = limiter.attempt(account="someone-new", address="198.51.100.9", now=now)

    assert refusal is not None and refusal.scope == "address"
    assert refusal.retry_after_seconds == 60
    assert limiter.attempt(account="someone-new", address="198.51.100.10", now=now) is None


def test_a_refused_attempt_does_not_lengthen_the_wait(database: Database) -> None:
    limiter = SignInLimiter(database, per_account=1, per_address=100, window=timedelta(minutes=1))
    assert limiter.attempt(account="ada", address="a", now=START) is None
    for seconds in (10, 20, 59):
        refusal = limiter.attempt(
            account="ada", address="a", now=START + timedelta(seconds=seconds)
        )
        assert refusal is not None and refusal.retry_after_seconds == 60 - seconds
    assert limiter.attempt(account="ada", address="a", now=START + timedelta(minutes=1)) is None


def test_names_nobody_tried_lately_are_forgotten_so_a_spray_cannot_fill_the_table(
    default_limiter: SignInLimiter,
) -> None:
    limiter = default_limiter
    for attempt in range(60):
        limiter.attempt(
            account=f"made-up-{attempt}", address=f"203.0.113.{attempt % 20}", now=START
        )
    assert limiter.windows() == 60 + 20

    limiter.attempt(account="ada", address="192.0.2.1", now=START + timedelta(minutes=1))

    assert limiter.windows() == 2


def test_attempts_from_many_threads_at_once_never_exceed_the_limit(database: Database) -> None:
    limiter = SignInLimiter(
        database, per_account=20, per_address=10_000, window=timedelta(minutes=1)
    )
    allowed: list[bool] = []
    start = threading.Barrier(6)

    def hammer(address: str) -> None:
        start.wait()
        outcomes = [
            limiter.attempt(account="ada", address=address, now=START) is None for _ in range(10)
        ]
        allowed.extend(outcomes)

    threads = [threading.Thread(target=hammer, args=(f"10.1.0.{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(allowed) == 60
    assert allowed.count(True) == 20


def test_password_guesses_through_step_up_count_against_the_same_limit(
    limited_client: TestClient, ada: Account, password_checks: list[str]
) -> None:
    """A stolen access token must not turn step-up into an unlimited password oracle."""
    token = password_grant(limited_client, ada.email, ada.password).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    first = limited_client.post("/v1/auth/step-up", data={"password": "guess"}, headers=headers)
    assert_problem(first, 400, "wrong_password")

    refused = limited_client.post("/v1/auth/step-up", data={"password": "guess 2"}, headers=headers)

    assert_problem(refused, 429, "rate_limited")
    assert "Retry-After" in refused.headers
    assert password_checks == [ada.password, "guess"], "the refused guess was never checked"
