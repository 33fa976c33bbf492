"""Reading my access copy on my own computer: the copy the service really builds, page by
page, searched, checked against its manifest, and a damaged copy named for what it is."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.local import access_copy
from app.local.access_copy import AccessCopy, CopyProblem, CopyUnreadable
from server.accounts import create_user
from server.config import Settings
from server.db.database import Database
from server.db.migrate import upgrade_to_latest
from server.db.models import AdSegment, PlaybackEvent
from server.jobs.access_export import build_access_export

EMAIL = "ada@example.org"
PLAYS = 450
THE_ODD_DEVICE = "Attic projector"
ODD_PLAY = 123  # the play (oldest first) made on the attic projector


@pytest.fixture(scope="module")
def copy_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ada's copy, built once by the service's own builder from a real database."""
    tmp_path = tmp_path_factory.mktemp("service")
    url = f"sqlite:///{tmp_path / 'service.sqlite3'}"
    upgrade_to_latest(url)
    settings = Settings(database_url=url, export_dir=tmp_path / "exports")
    database = Database(url)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    with database.session() as session:
        user_id = create_user(session, settings, email=EMAIL, password="a long password 1").id
        session.add_all(
            PlaybackEvent(
                user_id=user_id,
                occurred_at=start + timedelta(minutes=number),
                device=THE_ODD_DEVICE if number == ODD_PLAY else f"Phone {number % 3}",
                media_kind="music",
                duration_seconds=number,
                bitrate_kbps=320,
                resolution="",
                file_type="flac",
                ip_address="192.0.2.7",
            )
            for number in range(PLAYS)
        )
        session.add(AdSegment(user_id=user_id, segment="interest:cars", score=4, updated_at=start))
    result = build_access_export(database, settings, user_id, "request-1")
    database.dispose()
    return Path(result.path)


def playback(copy: AccessCopy) -> str:
    (c5,) = [c for c in copy.categories() if c.id == "C5"]
    assert c5.data_file is not None
    return c5.data_file


def test_the_copy_lists_every_category_with_its_record_count(copy_path: Path) -> None:
    copy = AccessCopy.open(copy_path)

    by_id = {category.id: category for category in copy.categories()}

    assert by_id["C5"].records == PLAYS
    assert by_id["C5"].title == "How your media is played", "one table: the category's own title"
    assert by_id["C1"].records == 1
    assert by_id["C1"].data_file is not None
    assert by_id["C3"].records is None and by_id["C3"].data_file is None
    assert by_id["C3"].empty_reason, "a category without records says why"
    (profile,) = copy.records(by_id["C1"].data_file, 0, 10)
    assert profile["email"] == EMAIL


def test_records_come_page_by_page_in_order_and_a_page_can_be_read_again(
    copy_path: Path,
) -> None:
    copy = AccessCopy.open(copy_path)
    member = playback(copy)

    first = copy.records(member, 0, 200)
    second = copy.records(member, 200, 200)
    last = copy.records(member, 400, 200)
    again = copy.records(member, 100, 3)

    assert [r["duration_seconds"] for r in first + second + last] == list(range(PLAYS))
    assert len(last) == PLAYS - 400
    assert [r["duration_seconds"] for r in again] == [100, 101, 102]
    assert copy.records(member, PLAYS, 10) == []
    copy.close()


def test_every_file_matches_the_manifest(copy_path: Path) -> None:
    copy = AccessCopy.open(copy_path)

    checks = copy.verify()

    assert checks and all(check.ok for check in checks)
    assert len(checks) == len(copy.manifest["files"])
    assert "README.html" in {check.path for check in checks}


def test_search_finds_a_value_in_any_category_with_its_row(copy_path: Path) -> None:
    copy = AccessCopy.open(copy_path)

    hits = copy.search("attic PROJECTOR")

    assert [(h.category.id, h.row, h.field, h.value) for h in hits] == [
        ("C5", ODD_PLAY, "device", THE_ODD_DEVICE)
    ]
    assert copy.records(playback(copy), hits[0].row, 1)[0]["device"] == THE_ODD_DEVICE
    assert len(copy.search("Phone", limit=7)) == 7
    assert copy.search("nothing like this anywhere") == []


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """The same copy with some members replaced (bytes) or left out (None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            replacement = change.get(name, old.read(name))
            if replacement is not None:
                new.writestr(name, replacement)
    return target


def test_a_changed_file_is_named_and_the_rest_still_match(copy_path: Path, tmp_path: Path) -> None:
    member = playback(AccessCopy.open(copy_path))
    with zipfile.ZipFile(copy_path) as original:
        changed = original.read(member).replace(b"Phone 1", b"Phone 9", 1)
    tampered = AccessCopy.open(_rewrite(copy_path, tmp_path / "tampered.zip", {member: changed}))

    checks = tampered.verify()

    assert [check.path for check in checks if not check.ok] == [member]


def test_a_missing_file_and_an_extra_file_are_both_reported(
    copy_path: Path, tmp_path: Path
) -> None:
    target = _rewrite(copy_path, tmp_path / "odd.zip", {"README.html": None})
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("data/extra.json", "[]")

    bad = {check.path for check in AccessCopy.open(target).verify() if not check.ok}

    assert bad == {"README.html", "data/extra.json"}


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p, d: d.write_bytes(b"this is not a zip"), CopyProblem.NOT_A_ZIP),
        (
            lambda p, d: d.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
            CopyProblem.NOT_A_ZIP,
        ),
        (lambda p, d: _rewrite(p, d, {"manifest.json": None}), CopyProblem.NO_MANIFEST),
        (lambda p, d: _rewrite(p, d, {"manifest.json": b"{not json"}), CopyProblem.BAD_MANIFEST),
        (lambda p, d: _rewrite(p, d, {"manifest.json": b'{"files": 3}'}), CopyProblem.BAD_MANIFEST),
        (lambda p, d: None, CopyProblem.NOT_FOUND),
    ],
    ids=["not-a-zip", "cut-short", "no-manifest", "manifest-not-json", "manifest-odd", "gone"],
)
def test_a_damaged_copy_says_what_is_wrong_with_it(
    copy_path: Path, tmp_path: Path, make: object, problem: CopyProblem
) -> None:
    damaged = tmp_path / "damaged.zip"
    make(copy_path, damaged)  # type: ignore[operator]

    with pytest.raises(CopyUnreadable) as raised:
        AccessCopy.open(damaged)

    assert raised.value.problem is problem


def test_a_category_file_with_broken_json_is_reported_not_shown_half(
    copy_path: Path, tmp_path: Path
) -> None:
    member = playback(AccessCopy.open(copy_path))
    with zipfile.ZipFile(copy_path) as original:
        text = original.read(member)
    broken = text[: len(text) // 2] + b"}}}"
    copy = AccessCopy.open(_rewrite(copy_path, tmp_path / "broken.zip", {member: broken}))

    assert len(copy.records(member, 0, 10)) == 10, "the intact start still reads"
    with pytest.raises(CopyUnreadable) as raised:
        copy.records(member, 0, PLAYS)
    assert raised.value.problem is CopyProblem.DAMAGED_MEMBER
    assert raised.value.member == member
    with pytest.raises(CopyUnreadable):
        copy.search("no such value")


def test_the_array_reader_copes_with_values_split_across_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(access_copy, "_READ_BLOCK", 3)
    values = [1234567, {"a": "x, y]"}, -0.5, "] [", [1, [2]], None, True, 98765]
    text = io.StringIO(" [ " + " ,\n ".join(json.dumps(v) for v in values) + " ] ")

    assert list(access_copy._parse_array(text)) == values
    assert list(access_copy._parse_array(io.StringIO("[]"))) == []
    with pytest.raises(ValueError):
        list(access_copy._parse_array(io.StringIO("[1 2]")))
    with pytest.raises(ValueError):
        list(access_copy._parse_array(io.StringIO('{"a": 1}')))


def test_each_part_of_a_category_is_its_own_entry_so_the_ad_profile_can_be_read(
    copy_path: Path,
) -> None:
    copy = AccessCopy.open(copy_path)
    c6 = [category for category in copy.categories() if category.id == "C6"]
    assert len(c6) == 2, "the activity and the ad profile"
    (profile,) = [category for category in c6 if category.records == 1]
    assert profile.data_file is not None and "ad-profile" in profile.data_file
    (segment,) = copy.records(profile.data_file, 0, 10)
    assert segment["segment"] == "interest:cars"


def test_each_entry_carries_its_category_and_part_ids_as_the_copy_gives_them(
    copy_path: Path,
) -> None:
    copy = AccessCopy.open(copy_path)

    entries = [(c.id, c.part, c.part_title) for c in copy.categories()]

    assert [entry for entry in entries if entry[0] == "C6"] == [
        ("C6", "records", "Activity"),
        ("C6", "ad-profile", "Ad profile: interests inferred from your activity"),
    ]
    assert ("C5", "records", "") in entries, "one table: the whole category, its main part"
    assert ("C3", "records", "") in entries, "no records by design: nothing to split"


def _with_manifest(source: Path, target: Path, change: Any) -> Path:
    manifest = json.loads(zipfile.ZipFile(source).read("manifest.json"))
    change(manifest)
    return _rewrite(source, target, {"manifest.json": json.dumps(manifest).encode()})


def test_parts_listed_in_another_order_keep_their_own_ids(copy_path: Path, tmp_path: Path) -> None:
    def swap_c6(manifest: dict[str, Any]) -> None:
        (c6,) = [c for c in manifest["categories"] if c["id"] == "C6"]
        c6["parts"].reverse()

    copy = AccessCopy.open(_with_manifest(copy_path, tmp_path / "swapped.zip", swap_c6))

    c6 = [(c.part, c.data_file, c.records) for c in copy.categories() if c.id == "C6"]
    assert c6 == [
        ("ad-profile", "data/C6-ad-profile.json", 1),
        ("records", "data/C6-what-you-watch-from-partners.json", 0),
    ]


def test_a_copy_made_before_categories_had_parts_reads_each_as_its_main_part(
    copy_path: Path, tmp_path: Path
) -> None:
    def as_before_parts(manifest: dict[str, Any]) -> None:
        for category in manifest["categories"]:
            parts = category.pop("parts", None)
            if parts:
                category["records"], category["files"] = parts[0]["records"], parts[0]["files"]

    copy = AccessCopy.open(_with_manifest(copy_path, tmp_path / "old.zip", as_before_parts))

    (c6,) = [c for c in copy.categories() if c.id == "C6"]
    assert (c6.part, c6.part_title, c6.title) == ("records", "", "What you watch from partners")
    assert c6.data_file == "data/C6-what-you-watch-from-partners.json"


def test_parts_without_ids_still_open_under_the_copys_own_titles(
    copy_path: Path, tmp_path: Path
) -> None:
    def without_part_ids(manifest: dict[str, Any]) -> None:
        for category in manifest["categories"]:
            for part in category.get("parts", []):
                del part["part"]

    copy = AccessCopy.open(_with_manifest(copy_path, tmp_path / "no-ids.zip", without_part_ids))

    c6 = [(c.part, c.title) for c in copy.categories() if c.id == "C6"]
    assert c6 == [
        ("", "What you watch from partners — Activity"),
        ("", "What you watch from partners — Ad profile: interests inferred from your activity"),
    ]
