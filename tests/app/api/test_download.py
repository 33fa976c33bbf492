"""Downloading the copy of my data: it arrives whole and checked, survives a dropped
connection and a cancel by resuming where it stopped, and a corrupted copy is never kept.

The drops and the corruption are real: a small TCP proxy on loopback sits between the app
and the service and cuts the connection, or flips a byte, in the middle of the copy."""

from __future__ import annotations

import builtins
import contextlib
import errno
import os
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.api import download
from app.api.client import PrivacyClient, TokenGrant
from app.api.download import DownloadCancelled, download_export, part_path
from app.api.errors import FailureKind, ServiceError
from app.core.requests import PrivacyRequest, RequestKind, RequestStatus
from server.db.models import PlaybackEvent
from server.embedded import EmbeddedService
from server.jobs.worker import run_worker
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.support.tcp_relay import TcpRelay, receive, shut

CHUNK = 8 * 1024


class LoopbackProxy(TcpRelay):
    """Forwards TCP to the service; can cut or corrupt the first answer that carries a copy.
    Bytes are counted from the start of the export answer (status line included), so
    `cut_after` and `flip_at` land in the body when they are past the headers.
    """

    def __init__(self, upstream_port: int) -> None:
        self.cut_after: int | None = None  # cut the first copy transfer after this many bytes
        self.flip_at: int | None = None  # flip this byte of every copy transfer
        self.cuts = 0
        self.requests: list[bytes] = []  # the head of every request the app sent
        super().__init__(upstream_port)

    def _opened(self) -> _Connection:
        return _Connection()

    def _to_service(
        self, client: socket.socket, upstream: socket.socket, conn: _Connection
    ) -> None:
        while data := receive(client):
            if data.startswith((b"GET ", b"POST ", b"PATCH ")):
                with self._lock:
                    self.requests.append(data.split(b"\r\n\r\n")[0])
                # Count the answer's bytes from here when this request asks for the copy.
                conn.counting = b"/export " in data.split(b"\r\n")[0]
                conn.sent = 0
            try:
                upstream.sendall(data)
            except OSError:
                break
        shut(upstream)

    def _to_app(self, client: socket.socket, upstream: socket.socket, conn: _Connection) -> None:
        while data := receive(upstream):
            if conn.counting:
                start, conn.sent = conn.sent, conn.sent + len(data)
                if self.flip_at is not None and start <= self.flip_at < conn.sent:
                    index = self.flip_at - start
                    data = data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]
                if self.cut_after is not None and conn.sent >= self.cut_after:
                    keep = self.cut_after - start
                    self.cut_after = None
                    self.cuts += 1
                    with contextlib.suppress(OSError):
                        client.sendall(data[:keep])
                    break
            try:
                client.sendall(data)
            except OSError:
                break
        shut(client)
        shut(upstream)

    def ranges_asked(self) -> list[str]:
        found = []
        for head in self.requests:
            for line in head.decode("latin-1").split("\r\n"):
                if line.lower().startswith("range:"):
                    found.append(line.split(":", 1)[1].strip())
        return found


class _Connection:
    counting = False
    sent = 0


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def ada(live_service: EmbeddedService) -> TokenGrant:
    return PrivacyClient(live_service.base_url).password_grant(USER_EMAIL, USER_PASSWORD)


@pytest.fixture
def ready_copy(live_service: EmbeddedService, ada: TokenGrant, tmp_path: Path) -> PrivacyRequest:
    """Ada's access request, carried out by the service's own worker: a copy of a few hundred KB."""
    now = datetime.now(UTC)
    with live_service.database.session() as session:
        session.add_all(
            PlaybackEvent(
                user_id=ada.user_id,
                occurred_at=now - timedelta(minutes=number),
                device=f"Device {number % 17}",
                media_kind=("music", "video", "photo")[number % 3],
                duration_seconds=number * 7919 % 3600,
                bitrate_kbps=number * 104729 % 20000,
                resolution=f"{number % 4000}x{number % 3000}",
                file_type="flac",
                ip_address=f"198.51.{number % 256}.{number * 31 % 256}",
            )
            for number in range(6000)
        )
    client = PrivacyClient(live_service.base_url)
    filed = client.file_request(ada.access_token, "copy-1", RequestKind.ACCESS, {})
    # Copies land in this test's folder, never in the real user data directory.
    settings = replace(live_service.settings, export_dir=tmp_path / "service-exports")
    assert run_worker(live_service.database, settings, once=True, schedule_retention=False) == 1
    done = client.request(ada.access_token, filed.id)
    assert done.status is RequestStatus.COMPLETED and done.export is not None
    assert done.export.size > 10 * CHUNK
    return done


@pytest.fixture
def proxy(live_service: EmbeddedService) -> Iterator[LoopbackProxy]:
    running = LoopbackProxy(live_service.port)
    yield running
    running.close()


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries at once, so a test of giving up does not sit through the real backoff."""
    monkeypatch.setattr(download, "RETRY_DELAYS", (0.0,) * download.MAX_RETRIES)


def _export(request: PrivacyRequest) -> tuple[int, str]:
    assert request.export is not None
    return request.export.size, request.export.sha256


# --- the stories ---------------------------------------------------------------------------


def test_the_copy_downloads_whole_with_progress_and_its_checksum_matches(
    live_service: EmbeddedService, ada: TokenGrant, ready_copy: PrivacyRequest, tmp_path: Path
) -> None:
    size, sha256 = _export(ready_copy)
    target = tmp_path / "my-copy.zip"
    seen: list[tuple[int, int]] = []

    result = download_export(
        PrivacyClient(live_service.base_url),
        lambda: ada.access_token,
        ready_copy.id,
        target,
        progress=lambda done, total: seen.append((done, total)),
        chunk_size=CHUNK,
    )

    assert (result.path, result.size, result.sha256) == (target, size, sha256)
    assert target.stat().st_size == size and not part_path(target).exists()
    with zipfile.ZipFile(target) as archive:
        assert "manifest.json" in archive.namelist()
    assert seen[-1] == (size, size) and len(seen) > size // CHUNK
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_dropped_connection_resumes_where_it_stopped(
    ada: TokenGrant, ready_copy: PrivacyRequest, proxy: LoopbackProxy, tmp_path: Path
) -> None:
    size, sha256 = _export(ready_copy)
    proxy.cut_after = 5 * CHUNK
    seen: list[int] = []

    result = download_export(
        PrivacyClient(proxy.url),
        lambda: ada.access_token,
        ready_copy.id,
        tmp_path / "copy.zip",
        progress=lambda done, _total: seen.append(done),
        chunk_size=CHUNK,
    )

    assert proxy.cuts == 1
    (asked,) = proxy.ranges_asked()
    resumed_from = int(asked.removeprefix("bytes=").removesuffix("-"))
    assert 0 < resumed_from < size
    assert (result.size, result.sha256) == (size, sha256)
    assert seen == sorted(seen) and seen[-1] == size  # never went back to zero


def test_cancel_keeps_what_arrived_and_the_next_download_continues_from_there(
    live_service: EmbeddedService,
    ada: TokenGrant,
    ready_copy: PrivacyRequest,
    proxy: LoopbackProxy,
    tmp_path: Path,
) -> None:
    size, sha256 = _export(ready_copy)
    target = tmp_path / "copy.zip"
    chunks: list[int] = []

    with pytest.raises(DownloadCancelled):
        download_export(
            PrivacyClient(live_service.base_url),
            lambda: ada.access_token,
            ready_copy.id,
            target,
            progress=lambda done, _total: chunks.append(done),
            cancelled=lambda: len(chunks) > 3,
            chunk_size=CHUNK,
        )
    kept = part_path(target).stat().st_size
    assert 0 < kept < size and not target.exists()

    result = download_export(
        PrivacyClient(proxy.url), lambda: ada.access_token, ready_copy.id, target
    )

    assert proxy.ranges_asked() == [f"bytes={kept}-"]
    assert (result.size, result.sha256) == (size, sha256)
    assert target.stat().st_size == size and not part_path(target).exists()


def test_a_corrupted_copy_is_refused_and_nothing_is_kept(
    ada: TokenGrant, ready_copy: PrivacyRequest, proxy: LoopbackProxy, tmp_path: Path
) -> None:
    proxy.flip_at = 7 * CHUNK
    target = tmp_path / "copy.zip"

    with pytest.raises(ServiceError) as raised:
        download_export(PrivacyClient(proxy.url), lambda: ada.access_token, ready_copy.id, target)

    assert raised.value.kind is FailureKind.CHECKSUM_MISMATCH
    assert not target.exists() and not part_path(target).exists()


def test_when_the_link_stays_down_it_gives_up_keeps_the_part_and_resumes_later(
    live_service: EmbeddedService,
    ada: TokenGrant,
    ready_copy: PrivacyRequest,
    proxy: LoopbackProxy,
    tmp_path: Path,
    no_backoff: None,
) -> None:
    size, sha256 = _export(ready_copy)
    target = tmp_path / "copy.zip"
    proxy.cut_after = 4 * CHUNK
    attempts: list[int] = []

    def go_offline_after_the_cut(done: int, _total: int) -> None:
        attempts.append(done)
        if proxy.cuts:
            proxy.close()

    with pytest.raises(ServiceError) as raised:
        download_export(
            PrivacyClient(proxy.url),
            lambda: ada.access_token,
            ready_copy.id,
            target,
            progress=go_offline_after_the_cut,
            chunk_size=CHUNK,
        )
    assert raised.value.kind is FailureKind.OFFLINE
    kept = part_path(target).stat().st_size
    assert 0 < kept < size

    result = download_export(
        PrivacyClient(live_service.base_url), lambda: ada.access_token, ready_copy.id, target
    )
    assert (result.size, result.sha256) == (size, sha256)


def test_a_copy_that_is_not_ready_says_so_and_writes_nothing(
    live_service: EmbeddedService, ada: TokenGrant, tmp_path: Path
) -> None:
    client = PrivacyClient(live_service.base_url)
    filed = client.file_request(ada.access_token, "not-yet", RequestKind.ACCESS, {})
    target = tmp_path / "copy.zip"

    with pytest.raises(ServiceError) as raised:
        download_export(client, lambda: ada.access_token, filed.id, target)

    assert (raised.value.kind, raised.value.status) == (FailureKind.REJECTED, 409)
    assert not target.exists() and not part_path(target).exists()


# --- one pass over the bytes ---------------------------------------------------------------


class _FileSpy:
    """Records how the download opens its .part, and lets a test make writes fail."""

    def __init__(self, part: Path) -> None:
        self.part = part
        self.reads = 0  # times the .part was opened for reading
        self.fail_writes_after: int | None = None  # bytes written before the disk is "full"
        self.written = 0

    def open(self, file: object, mode: str = "r", *args: object, **kwargs: object) -> Any:
        # Handed back to the download, which closes it.
        opened = builtins.open(file, mode, *args, **kwargs)  # type: ignore[call-overload]  # noqa: SIM115
        if Path(str(file)) != self.part:
            return opened
        if "r" in mode:
            self.reads += 1
            return opened
        spy = self

        class Writing:
            def __enter__(self) -> Writing:
                opened.__enter__()
                return self

            def __exit__(self, *exc: object) -> None:
                opened.__exit__(*exc)

            def write(self, data: bytes) -> int:
                if spy.fail_writes_after is not None and spy.written >= spy.fail_writes_after:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(spy.part))
                spy.written += len(data)
                return int(opened.write(data))

            def __getattr__(self, name: str) -> Any:
                return getattr(opened, name)

        return Writing()


@pytest.fixture
def file_spy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> _FileSpy:
    spy = _FileSpy(part_path(tmp_path / "copy.zip"))
    monkeypatch.setattr(download, "open", spy.open, raising=False)
    return spy


def test_the_copy_is_hashed_as_it_arrives_never_read_back_and_synced_once(
    live_service: EmbeddedService,
    ada: TokenGrant,
    ready_copy: PrivacyRequest,
    tmp_path: Path,
    file_spy: _FileSpy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    size, sha256 = _export(ready_copy)
    synced: list[int] = []
    real_fsync = os.fsync

    def counting_fsync(descriptor: int) -> None:
        synced.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", counting_fsync)

    result = download_export(
        PrivacyClient(live_service.base_url),
        lambda: ada.access_token,
        ready_copy.id,
        tmp_path / "copy.zip",
        chunk_size=CHUNK,
    )

    assert (result.size, result.sha256) == (size, sha256)
    assert file_spy.reads == 0, "the SHA-256 was taken on the way, not by reading the file back"
    assert len(synced) == 2, "the file once at the end, then its folder after the rename"


def test_a_drop_resumes_without_reading_back_what_already_arrived(
    ada: TokenGrant,
    ready_copy: PrivacyRequest,
    proxy: LoopbackProxy,
    tmp_path: Path,
    file_spy: _FileSpy,
) -> None:
    size, sha256 = _export(ready_copy)
    proxy.cut_after = 5 * CHUNK

    result = download_export(
        PrivacyClient(proxy.url), lambda: ada.access_token, ready_copy.id, tmp_path / "copy.zip"
    )

    assert proxy.cuts == 1 and len(proxy.ranges_asked()) == 1
    assert (result.size, result.sha256) == (size, sha256)
    assert file_spy.reads == 0


def test_a_part_left_by_an_earlier_download_is_hashed_once_and_checked_whole(
    live_service: EmbeddedService,
    ada: TokenGrant,
    ready_copy: PrivacyRequest,
    proxy: LoopbackProxy,
    tmp_path: Path,
    file_spy: _FileSpy,
) -> None:
    """What an earlier call (or an earlier run of the app) wrote counts in the checksum:
    it is read once before the rest is asked for, and a damaged byte in it is caught."""
    size, sha256 = _export(ready_copy)
    target = tmp_path / "copy.zip"
    pieces: list[int] = []

    def stop_after_a_few() -> bool:
        return len(pieces) > 3

    with pytest.raises(DownloadCancelled):
        download_export(
            PrivacyClient(live_service.base_url),
            lambda: ada.access_token,
            ready_copy.id,
            target,
            progress=lambda done, _total: pieces.append(done),
            cancelled=stop_after_a_few,
            chunk_size=CHUNK,
        )
    kept = part_path(target).stat().st_size
    assert 0 < kept < size and file_spy.reads == 0

    result = download_export(
        PrivacyClient(proxy.url), lambda: ada.access_token, ready_copy.id, target
    )
    assert (result.size, result.sha256) == (size, sha256)
    assert file_spy.reads == 1, "the part from before, once"
    assert proxy.ranges_asked() == [f"bytes={kept}-"]

    # The same again, with one byte of the kept part damaged on disk in between.
    target.unlink()
    pieces.clear()
    with pytest.raises(DownloadCancelled):
        download_export(
            PrivacyClient(live_service.base_url),
            lambda: ada.access_token,
            ready_copy.id,
            target,
            progress=lambda done, _total: pieces.append(done),
            cancelled=stop_after_a_few,
            chunk_size=CHUNK,
        )
    damaged = bytearray(part_path(target).read_bytes())
    damaged[100] ^= 0xFF
    part_path(target).write_bytes(bytes(damaged))

    with pytest.raises(ServiceError) as raised:
        download_export(PrivacyClient(proxy.url), lambda: ada.access_token, ready_copy.id, target)

    assert raised.value.kind is FailureKind.CHECKSUM_MISMATCH
    assert not target.exists() and not part_path(target).exists()


def test_a_full_disk_is_reported_as_the_disk_error_it_is(
    live_service: EmbeddedService,
    ada: TokenGrant,
    ready_copy: PrivacyRequest,
    tmp_path: Path,
    file_spy: _FileSpy,
) -> None:
    """Not retried, not turned into a network failure: the OSError reaches the caller with
    its errno, which the download panel turns into "the disk is full" (app/ui/messages.py)."""
    file_spy.fail_writes_after = 3 * CHUNK
    target = tmp_path / "copy.zip"

    with pytest.raises(OSError) as raised:
        download_export(
            PrivacyClient(live_service.base_url),
            lambda: ada.access_token,
            ready_copy.id,
            target,
            chunk_size=CHUNK,
        )

    assert raised.value.errno == errno.ENOSPC and not isinstance(raised.value, ServiceError)
    assert not target.exists()
    assert not [t for t in threading.enumerate() if t.name == "copy-sha256"], "none left behind"
