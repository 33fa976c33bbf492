"""`privacy-server agent add | list | retire`: the operator registers agents from the DRP
service directory, sees them, and retires one (its tokens stop at once)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from server.cli import main
from server.db.models import Agent, AgentToken
from tests.support.drp_agent import raw_public_key


@pytest.fixture
def cli_url(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("PRIVACY_SERVER_DATABASE_URL", raising=False)
    return fresh_database_url


def _key() -> str:
    return base64.b64encode(raw_public_key(Ed25519PrivateKey.generate())).decode("ascii")


def _agents(url: str) -> list[Agent]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Agent).order_by(Agent.id)))
    finally:
        engine.dispose()


def _add(url: str, *extra: str, agent_id: str = "ACME_AGENT", key: str | None = None) -> int:
    return main(
        [
            "--database-url",
            url,
            "agent",
            "add",
            "--id",
            agent_id,
            "--name",
            "Acme Rights",
            "--verify-key",
            key or _key(),
            *extra,
        ]
    )


def test_an_operator_registers_an_agent_and_lists_it(
    cli_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = _key()

    assert (
        _add(
            cli_url,
            "--web-url",
            "https://acme.example/",
            "--callback-prefix",
            "https://acme.example/drp/",
            key=key,
        )
        == 0
    )

    assert "registered agent ACME_AGENT" in capsys.readouterr().out
    [agent] = _agents(cli_url)
    assert (agent.id, agent.name, agent.verify_key) == ("ACME_AGENT", "Acme Rights", key)
    assert agent.callback_prefix == "https://acme.example/drp/"
    assert agent.retired_at is None
    assert main(["--database-url", cli_url, "agent", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == ["ACME_AGENT\tAcme Rights\tactive\thttps://acme.example/drp/"]


@pytest.mark.parametrize(
    ("agent_id", "extra", "key"),
    [
        ("acme", (), None),
        ("ACME_AGENT", (), "not base64!"),
        ("ACME_AGENT", (), base64.b64encode(b"short").decode()),
        ("ACME_AGENT", ("--web-url", "http://acme.example/"), None),
        ("ACME_AGENT", ("--callback-prefix", "https://acme.example"), None),
        ("ACME_AGENT", ("--callback-prefix", "ftp://acme.example/"), None),
    ],
    ids=[
        "lower-case-id",
        "key-not-base64",
        "key-too-short",
        "web-url-not-https",
        "prefix-without-path",
        "prefix-not-http",
    ],
)
def test_an_agent_that_could_not_work_safely_is_not_registered(
    cli_url: str,
    capsys: pytest.CaptureFixture[str],
    agent_id: str,
    extra: tuple[str, ...],
    key: str | None,
) -> None:
    assert _add(cli_url, *extra, agent_id=agent_id, key=key) == 1

    assert "cannot register the agent" in capsys.readouterr().err
    assert _agents(cli_url) == []


def test_the_same_agent_twice_is_refused(cli_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _add(cli_url) == 0

    assert _add(cli_url) == 1
    assert "already registered" in capsys.readouterr().err


def test_retiring_an_agent_ends_its_tokens_and_is_listed(
    cli_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(cli_url) == 0
    engine = create_engine(cli_url)
    try:
        with Session(engine) as session, session.begin():
            [agent] = session.scalars(select(Agent))
            session.add(
                AgentToken(token_hash="0" * 64, agent_id=agent.id, issued_at=agent.registered_at)
            )
    finally:
        engine.dispose()

    assert main(["--database-url", cli_url, "agent", "retire", "--id", "ACME_AGENT"]) == 0
    assert main(["--database-url", cli_url, "agent", "retire", "--id", "NO_SUCH"]) == 1

    [agent] = _agents(cli_url)
    assert agent.retired_at is not None
    engine = create_engine(cli_url)
    try:
        with Session(engine) as session:
            assert list(session.scalars(select(AgentToken))) == []
    finally:
        engine.dispose()
    capsys.readouterr()
    assert main(["--database-url", cli_url, "agent", "list"]) == 0
    assert "\tretired " in capsys.readouterr().out
