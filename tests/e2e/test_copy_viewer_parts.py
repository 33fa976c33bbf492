"""The copy viewer names each entry of a copy by the ids the copy gives it: a category kept
in two parts (C6: what you watched from partners, and the ad profile inferred from it) gets
each part's own title whatever order the copy lists them in, a copy made before categories
had part ids still opens, and when the copy can't be read the page says what went wrong.

Against the real service on loopback: its worker builds the copy, its data summary gives
the titles in the user's language."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.requests import RequestKind
from app.local.access_copy import MANIFEST, CopyCategory
from app.ui.context import DeskContext
from app.ui.i18n import Translations
from app.ui.pages.copy_viewer_page import CopyViewerPage
from server.catalog.entries import CATEGORIES_BY_ID
from server.data_stores import stores_of
from server.db.models import AdSegment, ContentActivity
from server.embedded import EmbeddedService
from tests.e2e.test_requests_page import run_the_service_worker

WAIT = 20_000
CLICK = Qt.MouseButton.LeftButton
ACTIVITY = 3  # films watched from partners
SEGMENTS = 2  # interests in the ad profile
C6 = CATEGORIES_BY_ID["C6"]
(ACTIVITY_STORE, PROFILE_STORE) = stores_of("C6")


@pytest.fixture
def copy_file(live_service: EmbeddedService, context: DeskContext, tmp_path: Path) -> Path:
    """A copy the service's worker built, with records in both parts of C6."""
    session = context.session
    user_id = session.account.user_id
    start = datetime.now(UTC) - timedelta(days=3)
    with live_service.database.session() as database:
        database.add_all(
            ContentActivity(
                user_id=user_id,
                occurred_at=start + timedelta(hours=number),
                kind="watched",
                title=f"Partner film {number}",
                device="Living room TV",
                ip_address="198.51.100.7",
                postal_code="1011",
            )
            for number in range(ACTIVITY)
        )
        database.add_all(
            AdSegment(user_id=user_id, segment=segment, score=2, updated_at=start)
            for segment in ("interest:travel", "interest:cycling")[:SEGMENTS]
        )
    session.call(
        lambda token: session.client.file_request(token, str(uuid.uuid4()), RequestKind.ACCESS, {})
    )
    exports = tmp_path / "service-exports"
    assert run_the_service_worker(live_service, exports) == 1
    (built,) = exports.rglob("*.zip")
    return built


def with_manifest(source: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The same copy, its manifest changed by `change` (every other member as it was)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
            new.writestr(name, data)
    return target


def c6_of(manifest: dict[str, Any]) -> dict[str, Any]:
    (c6,) = [category for category in manifest["categories"] if category["id"] == "C6"]
    return c6


def open_viewer(qtbot: QtBot, context: DeskContext, path: Path) -> CopyViewerPage:
    viewer = CopyViewerPage(context)
    qtbot.addWidget(viewer)
    viewer.resize(1100, 700)
    viewer.show()
    viewer.open_copy(path)
    qtbot.waitUntil(lambda: viewer.checks is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: bool(viewer.names.part_titles), timeout=WAIT)
    return viewer


def listed(viewer: CopyViewerPage) -> list[tuple[CopyCategory, str]]:
    """Each entry of the category list: what it holds, and what the user reads."""
    categories = viewer.categories
    assert categories is not None
    return [
        (categories.item(row).data(Qt.ItemDataRole.UserRole), categories.item(row).text())
        for row in range(categories.count())
    ]


def c6_texts(viewer: CopyViewerPage) -> dict[str, str]:
    """C6's entries by the file they show: the text the user reads for each."""
    return {
        category.data_file or "": text for category, text in listed(viewer) if category.id == "C6"
    }


def activity_file(texts: dict[str, str]) -> str:
    (name,) = [name for name in texts if "ad-profile" not in name]
    return name


def assert_each_c6_part_titled(texts: dict[str, str], language: str) -> None:
    """Each of C6's entries reads the category's title, its own part's title and count."""
    category = getattr(C6.title, language)
    profile = getattr(PROFILE_STORE.part_title, language)
    activity = getattr(ACTIVITY_STORE.part_title, language)
    assert texts["data/C6-ad-profile.json"] == f"{category} — {profile} ({SEGMENTS})"
    assert texts[activity_file(texts)] == f"{category} — {activity} ({ACTIVITY})"


def test_each_part_keeps_its_title_when_the_copy_lists_the_parts_the_other_way_round(
    qtbot: QtBot, context: DeskContext, copy_file: Path, tmp_path: Path
) -> None:
    swapped = with_manifest(
        copy_file,
        tmp_path / "swapped.zip",
        lambda manifest: c6_of(manifest)["parts"].reverse(),
    )

    viewer = open_viewer(qtbot, context, swapped)

    texts = c6_texts(viewer)
    assert next(iter(texts)) == "data/C6-ad-profile.json", "listed as the copy lists them"
    assert_each_c6_part_titled(texts, "en")
    assert viewer.verdict.text().startswith("All "), "only the manifest's order changed"
    categories = viewer.categories
    assert categories is not None
    assert categories.textElideMode() == Qt.TextElideMode.ElideMiddle, (
        "a narrow list keeps what tells the two parts apart, and the counts"
    )


def test_in_dutch_each_part_gets_its_dutch_title_in_either_order(
    qtbot: QtBot,
    context: DeskContext,
    copy_file: Path,
    tmp_path: Path,
    english: Translations,
) -> None:
    english.use("nl")
    context.language = "nl"
    context.session.client.language = "nl"
    swapped = with_manifest(
        copy_file,
        tmp_path / "swapped.zip",
        lambda manifest: c6_of(manifest)["parts"].reverse(),
    )

    for path in (copy_file, swapped):
        viewer = open_viewer(qtbot, context, path)
        texts = c6_texts(viewer)
        assert_each_c6_part_titled(texts, "nl")


def test_a_copy_made_before_parts_had_ids_still_opens_with_the_copys_own_part_titles(
    qtbot: QtBot, context: DeskContext, copy_file: Path, tmp_path: Path
) -> None:
    def without_part_ids(manifest: dict[str, Any]) -> None:
        for category in manifest["categories"]:
            for part in category.get("parts", []):
                del part["part"]

    old = with_manifest(copy_file, tmp_path / "no-part-ids.zip", without_part_ids)

    viewer = open_viewer(qtbot, context, old)

    texts = c6_texts(viewer)
    assert_each_c6_part_titled(texts, "en")


def test_a_copy_made_before_categories_had_parts_opens_with_one_entry_per_category(
    qtbot: QtBot, context: DeskContext, copy_file: Path, tmp_path: Path
) -> None:
    def as_before_parts(manifest: dict[str, Any]) -> None:
        for category in manifest["categories"]:
            parts = category.pop("parts", None)
            if parts:
                category["records"] = parts[0]["records"]
                category["files"] = parts[0]["files"]

    old = with_manifest(copy_file, tmp_path / "no-parts.zip", as_before_parts)

    viewer = open_viewer(qtbot, context, old)

    texts = c6_texts(viewer)
    assert list(texts.values()) == [f"{C6.title.en} ({ACTIVITY})"]
    categories = viewer.categories
    assert categories is not None
    (row,) = [row for row, (category, _) in enumerate(listed(viewer)) if category.id == "C6"]
    categories.setCurrentRow(row)
    qtbot.waitUntil(lambda: viewer.records.model.rowCount() == ACTIVITY, timeout=WAIT)


def test_before_a_copy_is_opened_the_page_says_so_with_a_title(
    qtbot: QtBot, context: DeskContext
) -> None:
    viewer = CopyViewerPage(context)
    qtbot.addWidget(viewer)
    viewer.show()

    assert viewer.state.currentWidget() is viewer.state.empty
    assert viewer.state.empty.title.text() == "No copy open yet"
    assert "Open a copy…" in viewer.state.empty.description.text()
    assert not viewer.search_box.isEnabled()


def test_a_damaged_category_file_is_a_titled_failure_and_try_again_reads_the_copy_afresh(
    qtbot: QtBot, context: DeskContext, copy_file: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(copy_file) as old, zipfile.ZipFile(damaged, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, b"[{]" if name == "data/C6-ad-profile.json" else data)
    viewer = open_viewer(qtbot, context, damaged)
    categories = viewer.categories
    assert categories is not None
    (row,) = [row for row, (c, _) in enumerate(listed(viewer)) if c.part == "ad-profile"]

    categories.setCurrentRow(row)

    qtbot.waitUntil(viewer.state.showing_failure, timeout=WAIT)
    assert viewer.state.status.title.text() == "Part of this copy can't be read"
    assert "data/C6-ad-profile.json" in viewer.state.message.text()
    assert not viewer.search_box.isEnabled() and viewer.verdict.isHidden()

    qtbot.mouseClick(viewer.state.retry, CLICK)

    qtbot.waitUntil(lambda: viewer.state.currentIndex() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: viewer.checks is not None, timeout=WAIT)
    assert viewer.search_box.isEnabled()
    assert "data/C6-ad-profile.json" in viewer.verdict.text(), "named as not matching"


def test_searching_a_copy_with_a_damaged_file_is_a_titled_failure(
    qtbot: QtBot, context: DeskContext, copy_file: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(copy_file) as old, zipfile.ZipFile(damaged, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            new.writestr(name, b"[{]" if name == "data/C6-ad-profile.json" else data)
    viewer = open_viewer(qtbot, context, damaged)

    viewer.search_box.setText("interest")
    viewer.search()

    qtbot.waitUntil(viewer.state.showing_failure, timeout=WAIT)
    assert viewer.state.status.title.text() == "This copy can't be searched"
    assert "data/C6-ad-profile.json" in viewer.state.message.text()
    assert viewer.search_button.isEnabled() is False, "nothing to search until it is read again"


def test_a_category_without_records_says_so_instead_of_an_empty_table(
    qtbot: QtBot, context: DeskContext, copy_file: Path
) -> None:
    viewer = open_viewer(qtbot, context, copy_file)
    categories = viewer.categories
    assert categories is not None
    (none_yet,) = [row for row, (c, _) in enumerate(listed(viewer)) if c.id == "C2"]
    (with_records,) = [row for row, (c, _) in enumerate(listed(viewer)) if c.part == "ad-profile"]

    categories.setCurrentRow(none_yet)

    note = viewer.records.category_note
    assert note.isVisible() and note.text() == "The copy has no records of this kind."
    assert viewer.records.table.isHidden()

    categories.setCurrentRow(with_records)

    qtbot.waitUntil(lambda: viewer.records.model.rowCount() == SEGMENTS, timeout=WAIT)
    assert viewer.records.table.isVisible() and note.isHidden()


def test_a_search_result_in_the_ad_profile_opens_the_ad_profile_not_the_activity(
    qtbot: QtBot, context: DeskContext, copy_file: Path
) -> None:
    viewer = open_viewer(qtbot, context, copy_file)
    viewer.search_box.setText("interest:cycling")
    viewer.search()
    results = viewer.records.results
    qtbot.waitUntil(lambda: results.count() == 1, timeout=WAIT)
    hit = results.item(0)
    assert hit.text().startswith(f"{C6.title.en} — {PROFILE_STORE.part_title.en} · ")  # type: ignore[union-attr]

    results.itemClicked.emit(hit)

    table = viewer.records.table
    qtbot.waitUntil(lambda: table.currentIndex().isValid(), timeout=WAIT)
    shown = viewer.current_category()
    assert shown is not None and shown.part == "ad-profile"
    assert table.currentIndex().data() == "interest:cycling"
