"""The parts of download-then-verify that need no service, without Qt."""

from __future__ import annotations

import threading
from pathlib import Path

from app.api.download import DownloadResult
from app.core.requests import RequestStatus
from app.flows.copy_download import (
    TransferGauge,
    VerifiedCopy,
    copy_file_name,
    move_copy,
)
from app.local.access_copy import FileCheck
from tests.app.flows.service_fakes import a_request


def test_a_copy_keeps_one_file_name_per_request_so_a_stopped_download_resumes() -> None:
    request = a_request(1, RequestStatus.COMPLETED)
    assert copy_file_name(request) == copy_file_name(request)
    assert copy_file_name(request) == "privacy-desk-copy-2025-03-01-req-1.zip"


def test_the_gauge_is_read_whole_while_another_thread_writes_it() -> None:
    gauge = TransferGauge()
    seen: list[tuple[int, int]] = []

    def write() -> None:
        for done in range(0, 10_001, 10):
            gauge.update(done, 10_000)

    writer = threading.Thread(target=write)
    writer.start()
    while writer.is_alive():
        seen.append(gauge.read())
    writer.join()
    assert all(total in (0, 10_000) and done <= 10_000 for done, total in seen)
    assert gauge.read() == (10_000, 10_000)


def test_a_verified_copy_names_the_files_that_do_not_match_its_manifest(tmp_path: Path) -> None:
    verified = VerifiedCopy(
        DownloadResult(tmp_path / "copy.zip", 10, "00"),
        [FileCheck("data/C1.json", True), FileCheck("data/C5.json", False)],
    )
    assert verified.mismatched == ["data/C5.json"]


def test_save_as_moves_the_copy_into_a_new_folder(tmp_path: Path) -> None:
    source = tmp_path / "copy.zip"
    source.write_bytes(b"PK")
    chosen = tmp_path / "kept" / "mine.zip"

    assert move_copy(source, chosen) == chosen
    assert chosen.read_bytes() == b"PK" and not source.exists()
