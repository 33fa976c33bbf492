"""`privacy-server` on the command line: migrate, seed-demo, create-user."""

from __future__ import annotations

import io

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from server.cli import main
from server.db.models import Base, User
from server.demo import DEMO_EMAIL, DEMO_PASSWORD


@pytest.fixture
def cli_url(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty database, SQLite or PostgreSQL (each test runs on both)."""
    # The explicit --database-url must win; make sure nothing else could be picked up.
    monkeypatch.delenv("PRIVACY_SERVER_DATABASE_URL", raising=False)
    return fresh_database_url


def _users(url: str) -> list[User]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(User).order_by(User.email)))
    finally:
        engine.dispose()


def _create_user(
    monkeypatch: pytest.MonkeyPatch, url: str, email: str, password: str, *extra: str
) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["--database-url", url, "create-user", email, "--password-stdin", *extra])


def test_migrate_creates_the_schema(cli_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database-url", cli_url, "migrate"]) == 0

    assert "up to date" in capsys.readouterr().out
    engine = create_engine(cli_url)
    try:
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_seed_demo_creates_the_demo_account_once_however_often_it_runs(
    cli_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database-url", cli_url, "seed-demo"]) == 0
    first_output = capsys.readouterr().out
    first = _users(cli_url)

    assert main(["--database-url", cli_url, "seed-demo"]) == 0
    second_output = capsys.readouterr().out

    assert DEMO_EMAIL in first_output and DEMO_EMAIL in second_output
    accounts = _users(cli_url)
    assert [user.email for user in accounts] == [DEMO_EMAIL]
    # The second run changed nothing: same account, same password hash.
    assert (accounts[0].id, accounts[0].password_hash) == (first[0].id, first[0].password_hash)
    assert PasswordHasher().verify(accounts[0].password_hash, DEMO_PASSWORD)


def test_create_user_reads_the_password_from_standard_input(
    cli_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = _create_user(
        monkeypatch, cli_url, "Grace@Example.org", "a long enough password", "--username", "grace"
    )

    assert status == 0
    output = capsys.readouterr()
    [user] = _users(cli_url)
    assert output.out.strip() == f"created account {user.id}"
    assert (user.email, user.username) == ("grace@example.org", "grace")
    # The newline that ends the typed line is not part of the password.
    assert PasswordHasher().verify(user.password_hash, "a long enough password")


def test_create_user_refuses_an_e_mail_that_already_has_an_account(
    cli_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _create_user(monkeypatch, cli_url, "grace@example.org", "first password!") == 0
    [original] = _users(cli_url)
    capsys.readouterr()

    status = _create_user(monkeypatch, cli_url, "GRACE@example.org", "second password!")

    assert status == 1
    output = capsys.readouterr()
    assert "grace@example.org" in output.err
    assert "cannot create" in output.err
    assert output.out == ""
    [still_one] = _users(cli_url)
    assert (still_one.id, still_one.password_hash) == (original.id, original.password_hash)


@pytest.mark.parametrize(
    ("email", "password", "complaint"),
    [
        ("grace@example.org", "short", "8 characters"),
        ("grace.example.org", "a long enough password", "@"),
    ],
    ids=["short-password", "no-at-sign"],
)
def test_create_user_refuses_a_password_or_address_that_cannot_work(
    cli_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    email: str,
    password: str,
    complaint: str,
) -> None:
    status = _create_user(monkeypatch, cli_url, email, password)

    assert status == 1
    output = capsys.readouterr()
    assert "cannot create the account" in output.err
    assert complaint in output.err
    assert _users(cli_url) == []
