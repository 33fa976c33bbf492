"""`upgrade_to_latest`: the shipped Alembic migrations build exactly the schema the models declare,
on SQLite and on PostgreSQL alike (each test runs on both)."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from server.db.migrate import alembic_config, upgrade_to_latest
from server.db.models import Base


def _head(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def test_migrating_a_fresh_database_creates_every_table_of_the_models(
    fresh_database_url: str,
) -> None:
    url = fresh_database_url

    upgrade_to_latest(url)

    engine = create_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    assert {"users", "refresh_tokens", "choice_changes", "playback_events", "jobs"} <= set(
        Base.metadata.tables
    )
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert revision is not None and revision == _head(url)


def test_migrating_twice_keeps_the_data_and_the_revision(fresh_database_url: str) -> None:
    url = fresh_database_url
    upgrade_to_latest(url)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, username, password_hash, created_at, "
                    "choices_version) VALUES ('u1', 'kept@example.org', 'kept', 'x', :at, 1)"
                ),
                {"at": datetime(2025, 1, 1, tzinfo=UTC)},
            )

        upgrade_to_latest(url)

        with engine.connect() as connection:
            emails = connection.execute(text("SELECT email FROM users")).scalars().all()
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    assert emails == ["kept@example.org"]
    assert revision == _head(url)


def test_the_migrated_schema_matches_the_models(fresh_database_url: str) -> None:
    url = fresh_database_url
    upgrade_to_latest(url)

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_the_schema_check_would_notice_a_table_the_migrations_forgot(
    fresh_database_url: str,
) -> None:
    # Guards the test above: compare_metadata really looks at this database.
    url = fresh_database_url
    upgrade_to_latest(url)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE choice_values"))
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert [(kind, table.name) for kind, table, *_ in differences] == [
        ("add_table", "choice_values")
    ]
