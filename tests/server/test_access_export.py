"""The access copy (R1 access, R2 portability): what a person finds when they open the ZIP."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from server.catalog.entries import CATEGORIES, CATEGORIES_BY_ID
from server.config import Settings
from server.data_stores import MAIN_PART, PROFILE_FIELDS, STORES, all_stores, stores_of
from server.db.database import Database
from server.db.models import (
    ContentActivity,
    CrashReport,
    Device,
    MediaServer,
    PlaybackEvent,
)
from server.jobs import access_export
from server.jobs.access_export import ExportResult, build_access_export, export_member_name, pages
from tests.server.helpers import START, Account, FakeClock

NASTY_TITLE = '<script>alert("copy")</script> & Friends'
FORMULA_SUMMARY = '=HYPERLINK("http://evil.example","click")'
BOB_MARKER = "bob-only-trailer-7f3a"


@pytest.fixture
def settings(database_url: str, clock: FakeClock, tmp_path: Path) -> Settings:
    """Copies land in this test's own folder, never in the real user data directory."""
    return Settings(
        database_url=database_url,
        clock=clock,
        export_dir=tmp_path / "exports",
        # The tests sign in with the password grant; the browser sign-in has its own.
        password_grant=True,
    )


def _playback(user_id: str, minutes: int) -> PlaybackEvent:
    return PlaybackEvent(
        user_id=user_id,
        occurred_at=START - timedelta(minutes=minutes),
        device="Living room TV",
        media_kind="video",
        duration_seconds=60 * minutes,
        bitrate_kbps=8000,
        resolution="1080p",
        file_type="mkv",
        ip_address="192.0.2.10",
    )


@pytest.fixture
def stored(database: Database, ada: Account, bob: Account) -> None:
    """Ada has records in several categories (one of them nasty); Bob has his own."""
    with database.session() as session:
        session.add_all(_playback(ada.id, minutes) for minutes in (50, 40, 30, 20, 10))
        session.add(
            ContentActivity(
                user_id=ada.id,
                occurred_at=START - timedelta(hours=2),
                kind="watched",
                title=NASTY_TITLE,
                device="Phone",
                ip_address="192.0.2.10",
                postal_code="1011 AB",
            )
        )
        session.add(
            MediaServer(
                user_id=ada.id,
                name="Attic server",
                ip_address="192.0.2.20",
                port=32400,
                created_at=START - timedelta(days=40),
                last_seen_at=START - timedelta(hours=1),
            )
        )
        session.add(
            CrashReport(
                user_id=ada.id,
                received_at=START - timedelta(days=3),
                app="Player",
                app_version="4.2",
                device="Phone",
                summary=FORMULA_SUMMARY,
                body="Traceback line one\nline two, with a comma",
            )
        )
        session.add(
            Device(
                user_id=ada.id,
                ip_address="192.0.2.10",
                os="Linux",
                os_version="6.8",
                app_version="4.2",
                last_seen_at=START - timedelta(hours=1),
            )
        )
        session.add(_playback(bob.id, 5))
        session.add(
            ContentActivity(
                user_id=bob.id,
                occurred_at=START - timedelta(hours=1),
                kind="watched",
                title=BOB_MARKER,
                device="Tablet",
                ip_address="198.51.100.7",
            )
        )


@pytest.fixture
def export(stored: None, database: Database, settings: Settings, ada: Account) -> ExportResult:
    return build_access_export(database, settings, ada.id, "req0001")


def _members(export: ExportResult) -> dict[str, bytes]:
    with zipfile.ZipFile(export.path) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _json_records(members: dict[str, bytes], category_id: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        members[export_member_name(CATEGORIES_BY_ID[category_id], "json")]
    )
    return records


def _csv_rows(members: dict[str, bytes], category_id: str) -> list[list[str]]:
    text = members[export_member_name(CATEGORIES_BY_ID[category_id], "csv")].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_copy_holds_a_json_and_a_csv_file_for_the_profile_and_every_stored_category(
    export: ExportResult,
) -> None:
    names = set(_members(export))
    for category_id in ("C1", *STORES):
        entry = CATEGORIES_BY_ID[category_id]
        assert export_member_name(entry, "json") in names
        assert export_member_name(entry, "csv") in names
    # A category kept in several tables has files for each part (C6: the ad profile too).
    for store in all_stores():
        entry = CATEGORIES_BY_ID[store.category_id]
        assert export_member_name(entry, "json", store.part) in names
        assert export_member_name(entry, "csv", store.part) in names
    assert {"README.html", "manifest.json"} <= names
    assert "data/C5-how-your-media-is-played.json" in names
    assert "data/C6-ad-profile.json" in names


def test_each_json_file_holds_exactly_the_users_stored_records(
    export: ExportResult, database: Database, ada: Account
) -> None:
    members = _members(export)
    with database.session() as session:
        for category_id, store in STORES.items():
            stored_ids = set(
                session.scalars(select(store.column("id")).where(store.column("user_id") == ada.id))
            )
            records = _json_records(members, category_id)
            assert {record["id"] for record in records} == stored_ids, category_id
            assert len(records) == len(stored_ids), category_id
            for record in records:
                assert list(record) == ["id", *store.fields]
    assert len(_json_records(members, "C5")) == 5
    [profile] = _json_records(members, "C1")
    assert profile == {
        "id": ada.id,
        "created_at": profile["created_at"],
        "email": ada.email,
        "username": "ada",
        "plan": "free",
    }
    assert (
        "password_hash" not in members[export_member_name(CATEGORIES_BY_ID["C1"], "json")].decode()
    )


def test_playback_events_come_oldest_first_with_their_exact_values(export: ExportResult) -> None:
    events = _json_records(_members(export), "C5")
    assert [event["duration_seconds"] for event in events] == [3000, 2400, 1800, 1200, 600]
    assert events[0]["occurred_at"] == (START - timedelta(minutes=50)).isoformat()
    assert events[0]["ip_address"] == "192.0.2.10"


def test_records_spread_over_many_pages_each_appear_once_in_time_order(
    stored: None,
    database: Database,
    settings: Settings,
    ada: Account,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with database.session() as session:
        # Three events share one instant: paging must break the tie by id, not lose any.
        session.add_all(_playback(ada.id, 25) for _ in range(3))
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    export = build_access_export(database, settings, ada.id, "paged")
    events = _json_records(_members(export), "C5")
    assert len(events) == 8
    assert len({event["id"] for event in events}) == 8
    keys = [(event["occurred_at"], event["id"]) for event in events]
    assert keys == sorted(keys)


def test_csv_header_is_the_category_fields_and_rows_match_the_records(
    export: ExportResult,
) -> None:
    members = _members(export)
    for category_id, store in STORES.items():
        rows = _csv_rows(members, category_id)
        assert rows[0] == ["id", *store.fields], category_id
        assert len(rows) - 1 == len(_json_records(members, category_id)), category_id
    assert _csv_rows(members, "C1")[0] == ["id", *PROFILE_FIELDS]
    [crash] = _csv_rows(members, "C10")[1:]
    assert crash[-1] == "Traceback line one\nline two, with a comma"


def test_csv_defuses_spreadsheet_formulas_while_json_keeps_the_exact_text(
    export: ExportResult,
) -> None:
    members = _members(export)
    [crash_row] = _csv_rows(members, "C10")[1:]
    assert crash_row[STORES["C10"].fields.index("summary") + 1] == "'" + FORMULA_SUMMARY
    [crash_record] = _json_records(members, "C10")
    assert crash_record["summary"] == FORMULA_SUMMARY


def test_readme_explains_every_category_and_escapes_what_records_contain(
    export: ExportResult, ada: Account
) -> None:
    readme = _members(export)["README.html"].decode("utf-8")
    for entry in CATEGORIES:
        assert html.escape(entry.title.en) in readme, entry.id
        assert html.escape(entry.retention.en) in readme, entry.id
        assert html.escape(entry.recipients.en) in readme, entry.id
    for entry in CATEGORIES:
        if entry.empty_reason is not None:
            assert html.escape(entry.empty_reason.en) in readme, entry.id
    assert ada.email in readme
    assert 'href="data/C5-how-your-media-is-played.json"' in readme
    assert 'href="data/C5-how-your-media-is-played.csv"' in readme
    # The nasty title is shown, but only as text: no script element reaches the page.
    assert html.escape(NASTY_TITLE) in readme
    assert "<script" not in readme
    assert "5 records" in readme


def test_manifest_lists_every_file_with_its_true_size_and_sha256(
    export: ExportResult, ada: Account
) -> None:
    members = _members(export)
    manifest = json.loads(members["manifest.json"])
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json"}
    for path, entry in listed.items():
        assert entry["size"] == len(members[path]), path
        assert entry["sha256"] == hashlib.sha256(members[path]).hexdigest(), path
    assert manifest["format_version"] == "1"
    assert manifest["request_id"] == "req0001"
    assert manifest["user_id"] == ada.id
    assert manifest["generated_at"] == START.isoformat()
    counts = {category["id"]: category["records"] for category in manifest["categories"]}
    assert counts["C5"] == 5
    assert counts["C6"] == 1
    assert counts["C2"] == 0
    assert counts["C13"] is None


def test_manifest_names_every_part_by_the_id_the_data_api_gives_it(export: ExportResult) -> None:
    """A reader finds a part's title by the category's and the part's ids (the app's copy
    viewer does), never by where the part is listed."""
    manifest = json.loads(_members(export)["manifest.json"])

    for category in manifest["categories"]:
        if category["records"] is None:
            assert "parts" not in category, category["id"]
            continue
        named = [part["part"] for part in category["parts"]]
        expected = [store.part for store in stores_of(category["id"])] or [MAIN_PART]
        assert named == expected, category["id"]
    (c6,) = [category for category in manifest["categories"] if category["id"] == "C6"]
    assert [part["part"] for part in c6["parts"]] == [MAIN_PART, "ad-profile"]


def test_bobs_records_never_appear_in_adas_copy(export: ExportResult, bob: Account) -> None:
    for name, content in _members(export).items():
        text = content.decode("utf-8")
        assert BOB_MARKER not in text, name
        assert bob.id not in text, name
        assert bob.email not in text, name
        assert "198.51.100.7" not in text, name


def test_copy_appears_whole_under_the_request_id_and_reports_its_own_hash(
    export: ExportResult, settings: Settings
) -> None:
    assert export.path == settings.export_dir / "req0001.zip"
    content = export.path.read_bytes()
    assert export.size == len(content)
    assert export.sha256 == hashlib.sha256(content).hexdigest()
    assert [path.name for path in settings.export_dir.iterdir()] == ["req0001.zip"]


def test_a_request_id_that_is_not_a_plain_id_never_becomes_a_path(
    database: Database, settings: Settings, ada: Account
) -> None:
    with pytest.raises(ValueError):
        build_access_export(database, settings, ada.id, "../escape")
    assert not (settings.export_dir.parent / "escape.zip").exists()


def test_a_copy_for_an_account_that_is_gone_leaves_no_file_behind(
    database: Database, settings: Settings
) -> None:
    with pytest.raises(access_export.ExportSubjectMissing):
        build_access_export(database, settings, "0" * 32, "gone")
    assert list(settings.export_dir.iterdir()) == []


def test_a_user_without_records_still_gets_every_file_and_an_honest_readme(
    database: Database, settings: Settings, ada: Account
) -> None:
    export = build_access_export(database, settings, ada.id, "quiet")
    members = _members(export)
    assert _json_records(members, "C5") == []
    assert _csv_rows(members, "C5") == [["id", *STORES["C5"].fields]]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(PlaybackEvent)) == 0
    assert "nothing stored right now" in members["README.html"].decode("utf-8")


def test_a_second_build_of_the_same_request_leaves_the_first_copy_untouched(
    export: ExportResult, database: Database, settings: Settings, ada: Account, clock: FakeClock
) -> None:
    """A worker whose lease ran out may finish after its successor: the file never changes."""
    first_bytes = export.path.read_bytes()
    clock.advance(minutes=20)
    again = build_access_export(database, settings, ada.id, "req0001")
    assert again == export
    assert export.path.read_bytes() == first_bytes
    assert [path.name for path in settings.export_dir.iterdir()] == ["req0001.zip"]
