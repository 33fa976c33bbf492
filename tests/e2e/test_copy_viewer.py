"""A user downloads the copy of their data from the Requests page, sees it verified, and
reads and searches it in the copy viewer; a connection that drops halfway does not make
them start over. Against the real service on loopback, with its real worker and builder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.api.download import part_path
from app.core.requests import PrivacyRequest, RequestStatus
from app.flows import copy_download
from app.ui.context import DeskContext
from app.ui.pages.copy_viewer_page import CopyViewerPage
from app.ui.pages.requests_page import RequestsPage
from app.ui.tasks import wait_for_all_tasks
from app.ui.widgets.download_panel import DownloadPanel
from server.db.models import PlaybackEvent
from server.embedded import EmbeddedService
from tests.app.api.test_download import LoopbackProxy
from tests.e2e.conftest import signed_in_context
from tests.e2e.test_requests_page import (
    file_through_dialog,
    open_requests_page,
    run_the_service_worker,
    send,
    wait_for_status,
)
from tests.support.memory_keyring import MemoryKeyring

CLICK = Qt.MouseButton.LeftButton
WAIT = 20_000
PLAYS = 3000
ODD_PLAY = 2024  # oldest first: the one play on the attic projector
THE_ODD_DEVICE = "Attic projector"


def seed_plays(service: EmbeddedService, user_id: str) -> None:
    start = datetime.now(UTC) - timedelta(days=30)
    with service.database.session() as session:
        session.add_all(
            PlaybackEvent(
                user_id=user_id,
                occurred_at=start + timedelta(minutes=number),
                device=THE_ODD_DEVICE if number == ODD_PLAY else f"Phone {number % 5}",
                media_kind="music",
                duration_seconds=number,
                bitrate_kbps=number * 104729 % 20000,
                resolution=f"{number % 4000}x{number % 3000}",
                file_type="flac",
                ip_address=f"198.51.{number % 256}.{number * 31 % 256}",
            )
            for number in range(PLAYS)
        )


@pytest.fixture
def proxy(live_service: EmbeddedService) -> Iterator[LoopbackProxy]:
    running = LoopbackProxy(live_service.port)
    yield running
    running.close()


@pytest.fixture
def context(
    live_service: EmbeddedService,
    proxy: LoopbackProxy,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[DeskContext]:
    """Signed in through a proxy that can cut the line, as a flaky network would."""
    signed_in = signed_in_context(proxy.url, memory_keyring, tmp_path)
    seed_plays(live_service, signed_in.session.account.user_id)
    yield signed_in
    wait_for_all_tasks()


@pytest.fixture
def viewer(qtbot: QtBot, context: DeskContext) -> CopyViewerPage:
    page = CopyViewerPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def a_ready_copy(
    qtbot: QtBot, page: RequestsPage, service: EmbeddedService, tmp_path: Path
) -> tuple[PrivacyRequest, DownloadPanel]:
    """Ask for a copy through the dialog; the service's worker makes it; the page shows it."""
    filed: list[PrivacyRequest] = []
    page.acknowledged.connect(filed.append)
    dialog = file_through_dialog(qtbot, page, page.toolbar.access_button)
    send(qtbot, dialog)
    dialog.accept()
    assert run_the_service_worker(service, tmp_path / "service-exports") == 1
    page.reload()
    wait_for_status(qtbot, page, filed[0].id, RequestStatus.COMPLETED)
    panel = page.panel()
    assert panel is not None and panel.isVisible()
    assert "ready to download until" in panel.about.text()
    return filed[0], panel


def download(qtbot: QtBot, panel: DownloadPanel) -> None:
    qtbot.mouseClick(panel.download_button, CLICK)
    qtbot.waitUntil(lambda: panel.verdict.isVisible() and not panel.downloading, timeout=WAIT)


def test_the_copy_downloads_with_progress_is_verified_and_opens_in_the_viewer(
    qtbot: QtBot,
    context: DeskContext,
    viewer: CopyViewerPage,
    live_service: EmbeddedService,
    tmp_path: Path,
) -> None:
    page = open_requests_page(qtbot, context, tmp_path)
    page.open_copy_requested.connect(viewer.open_copy)
    request, panel = a_ready_copy(qtbot, page, live_service, tmp_path)
    assert request.export is None, "not ready when filed"

    download(qtbot, panel)

    assert panel.verdict.text().startswith("Verified"), panel.verdict.text()
    assert not panel.verdict.property("role"), "plain, not an error"
    assert panel.progress.value() == panel.progress.maximum()
    assert " of " in panel.progress_text.text()
    assert panel.path is not None and panel.path.parent == tmp_path / "Downloads"
    assert not part_path(panel.path).exists()
    assert panel.save_button.isVisible() and panel.open_button.isVisible()

    qtbot.mouseClick(panel.open_button, CLICK)

    qtbot.waitUntil(lambda: viewer.checks is not None, timeout=WAIT)
    assert viewer.state.currentIndex() == 1
    files = len(viewer.checks or [])
    assert viewer.verdict.text() == f"All {files} files match the manifest."
    titles = [viewer.categories.item(i).text() for i in range(viewer.categories.count())]
    assert f"How your media is played ({PLAYS:,})" in titles, (
        "by title, the number as the locale writes it"
    )
    qtbot.waitUntil(lambda: viewer.records.model.rowCount() > 0, timeout=WAIT)
    assert viewer.records.model.category is not None and viewer.records.model.category.id == "C1"
    fields = [viewer.records.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert "E-mail address" in fields, "fields read as on the Your data page"

    qtbot.keyClicks(viewer.search_box, "attic projector")
    qtbot.mouseClick(viewer.search_button, CLICK)
    qtbot.waitUntil(lambda: viewer.records.results.count() > 0, timeout=WAIT)

    assert viewer.records.results_title.text() == "Found once:"
    hit = viewer.records.results.item(0)
    assert hit.text().startswith("How your media is played · ")
    assert f"record {ODD_PLAY + 1:,}" in hit.text()
    viewer.records.results.itemClicked.emit(hit)
    qtbot.waitUntil(lambda: viewer.records.table.currentIndex().row() == ODD_PLAY, timeout=WAIT)
    assert viewer.records.model.category is not None and viewer.records.model.category.id == "C5"
    assert viewer.records.table.currentIndex().data() == THE_ODD_DEVICE


def test_a_dropped_connection_mid_download_resumes_instead_of_starting_over(
    qtbot: QtBot,
    context: DeskContext,
    live_service: EmbeddedService,
    proxy: LoopbackProxy,
    tmp_path: Path,
) -> None:
    page = open_requests_page(qtbot, context, tmp_path)
    _request, panel = a_ready_copy(qtbot, page, live_service, tmp_path)
    size = page.selected_request().export.size  # type: ignore[union-attr]
    panel.chunk_size = 8 * 1024
    proxy.cut_after = size // 2

    download(qtbot, panel)

    assert proxy.cuts == 1
    (asked,) = proxy.ranges_asked()
    resumed_from = int(asked.removeprefix("bytes=").removesuffix("-"))
    assert 0 < resumed_from < size
    assert panel.verdict.text().startswith("Verified"), panel.verdict.text()
    assert panel.path is not None and panel.path.stat().st_size == size


def test_stop_keeps_what_arrived_and_save_as_moves_the_verified_copy(
    qtbot: QtBot,
    context: DeskContext,
    live_service: EmbeddedService,
    proxy: LoopbackProxy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_requests_page(qtbot, context, tmp_path)
    _request, panel = a_ready_copy(qtbot, page, live_service, tmp_path)
    real_download = copy_download.download_export

    def stop_pressed_once_bytes_arrive(*args: Any, **kwargs: Any) -> Any:
        progress = kwargs["progress"]

        def progress_then_stop(done: int, total: int) -> None:
            progress(done, total)
            if done > 0:
                panel._stop.set()  # what Stop does, at a moment the test controls

        return real_download(*args, **{**kwargs, "progress": progress_then_stop})

    monkeypatch.setattr(copy_download, "download_export", stop_pressed_once_bytes_arrive)
    download(qtbot, panel)

    assert panel.verdict.text().startswith("Stopped.")
    assert panel.download_button.text() == "Continue download"
    kept = part_path(panel.target()).stat().st_size
    assert kept > 0 and not panel.target().exists()

    monkeypatch.setattr(copy_download, "download_export", real_download)
    download(qtbot, panel)

    assert panel.verdict.text().startswith("Verified"), panel.verdict.text()
    assert proxy.ranges_asked() == [f"bytes={kept}-"], "continued, not started over"
    downloaded = panel.path
    assert downloaded is not None
    chosen = tmp_path / "kept" / "my data.zip"
    panel.choose_save_path = lambda _parent, _suggested: chosen

    qtbot.mouseClick(panel.save_button, CLICK)

    qtbot.waitUntil(lambda: panel.path == chosen, timeout=WAIT)
    assert chosen.exists() and not downloaded.exists(), "moved, not left behind twice"
    assert panel.verdict.text() == f"Verified copy saved as {chosen}."


def test_a_file_that_is_not_a_copy_is_named_as_such(
    qtbot: QtBot, viewer: CopyViewerPage, tmp_path: Path
) -> None:
    assert viewer.state.currentWidget() is viewer.state.empty
    assert viewer.state.empty.title.text() == "No copy open yet"
    not_a_copy = tmp_path / "holiday.zip"
    not_a_copy.write_bytes(b"these are holiday photos, honestly")
    viewer.choose_copy_file = lambda _parent: not_a_copy

    qtbot.mouseClick(viewer.open_button, CLICK)

    qtbot.waitUntil(lambda: viewer.state.retry.isVisible(), timeout=WAIT)
    assert viewer.state.status.title.text() == "This copy can't be opened"
    assert viewer.state.message.text() == (
        "This is not a ZIP file, or it was cut short. Download the copy again."
    )
    assert not viewer.search_box.isEnabled()
