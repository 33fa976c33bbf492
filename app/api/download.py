"""Download the access copy: streamed to disk, resumed after a drop, checked, then published.

A copy can be hundreds of megabytes over a flaky link, so the bytes go to
`<target>.part` as they arrive. A dropped connection resumes from the end of that file
(`Range` with `If-Range`, so a resume only ever continues the same archive); a cancel
keeps it, so the next call continues where this one stopped. The file appears under its
real name only after its SHA-256 matched the one the service announced, so the user never
opens half a copy or a corrupted one.

The bytes pass through once: each piece is written and hashed as it arrives (the hashing
on a thread beside the receiving), in pieces as large as the connection has ready (up to
`chunk_size`, 1 MiB by default), and the file is synced once, when the attempt ends, before
the rename; it is never read back. A `.part` left by an earlier call is hashed once before
its remainder is asked for, so the whole file is still what is checked. On Linux the kernel
is asked every few MiB to start writing what arrived (without waiting for it), so the final
sync does not find the whole copy still to write.

This runs on a worker thread (app/ui/tasks.py). `access_token` is a callable because a
download may outlive an access token: the UI passes
`lambda: session.call(lambda token: token)`, which hands out the current token and
refreshes it first when it is about to expire. `progress` and `cancelled` are called on
that worker thread too: `progress` should only post a signal, `cancelled` only read a flag.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import queue
import re
import select
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import requests
import urllib3

from app.api.client import HttpResponse, PrivacyClient, transport_failure
from app.api.errors import FailureKind, ServiceError

# How many times in a row a dropped connection is retried before giving up.
MAX_RETRIES = 5
# Seconds to wait before retry n (1-based); short, a dropped link often comes straight back.
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0)
# The most one read hands over; a read returns what the connection has ready, so a slow
# link still reports progress (and notices a cancel) piece by piece.
DEFAULT_CHUNK_SIZE = 1024 * 1024
_HASH_BLOCK = 1024 * 1024
# Pieces received and written but not yet hashed, at most (each up to the chunk size).
_HASH_BACKLOG = 16
# How much arrives between two requests to the kernel to start writing it to disk.
_WRITEBACK_EVERY = 8 * 1024 * 1024
_CAN_START_WRITEBACK = sys.platform.startswith("linux") and hasattr(os, "posix_fadvise")

_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")
_STRONG_SHA256_ETAG = re.compile(r'"([0-9a-fA-F]{64})"')
_REPR_DIGEST_SHA256 = re.compile(r"(?:^|,)\s*sha-256=:([A-Za-z0-9+/=]+):\s*(?:,|$)")

# What a connection that drops halfway through a body looks like to requests.
_DROPPED = (
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.Timeout,
)
# Failures a download waits out and resumes after: the link or the service comes back.
# Reading the copy changes nothing on the service, so trying again is always safe.
_RESUMABLE = frozenset(
    {
        FailureKind.OFFLINE,
        FailureKind.CONNECTION_LOST,
        FailureKind.TIMEOUT,
        FailureKind.CUT_OFF,
        FailureKind.SERVICE_BUSY,
    }
)
# The longest a service's Retry-After makes one download wait before its next attempt.
MAX_BUSY_WAIT = 30.0


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    size: int
    sha256: str  # lowercase hex, checked against the service's


class DownloadCancelled(Exception):
    """The user stopped the download; the `.part` file stays for a later resume."""


def _no_progress(_done: int, _total: int) -> None:
    pass


def _never() -> bool:
    return False


def part_path(target: Path) -> Path:
    """Where the bytes collect until the copy is complete and verified."""
    return target.with_suffix(target.suffix + ".part")


def download_export(
    client: PrivacyClient,
    access_token: Callable[[], str],
    request_id: str,
    target: Path,
    *,
    progress: Callable[[int, int], None] = _no_progress,
    cancelled: Callable[[], bool] = _never,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> DownloadResult:
    """Download the copy of access request `request_id` to `target`.

    Raises DownloadCancelled when `cancelled()` turned true (the `.part` is kept),
    ServiceError(CHECKSUM_MISMATCH) when the bytes do not match the announced SHA-256 (the
    `.part` is removed), and ServiceError of the failure's kind when the service refuses (not
    ready: REJECTED; expired or gone: COPY_GONE) or stays unreachable after MAX_RETRIES
    attempts (`.part` kept).
    """
    return _Download(
        client, access_token, request_id, target, progress, cancelled, chunk_size
    ).run()


class _Download:
    """One call of download_export: the state that survives from one attempt to the next."""

    def __init__(
        self,
        client: PrivacyClient,
        access_token: Callable[[], str],
        request_id: str,
        target: Path,
        progress: Callable[[int, int], None],
        cancelled: Callable[[], bool],
        chunk_size: int,
    ) -> None:
        self.client = client
        self.access_token = access_token
        self.request_id = request_id
        self.target = target
        self.part = part_path(target)
        self.progress = progress
        self.cancelled = cancelled
        self.chunk_size = max(1, chunk_size)
        # What the service said the copy is: learned from the request, then from each answer.
        self.expected_sha256: str | None = None
        self.expected_size: int | None = None
        self.learned = False
        # The SHA-256 of the first `hashed` bytes of the .part: what this call wrote and
        # hashed on the way, or what it read back once from a .part an earlier call left.
        self.digest = hashlib.sha256()
        self.hashed = 0

    def run(self) -> DownloadResult:
        failures = 0
        while True:
            self._check_cancelled()
            finished = self._finished_part()
            if finished is not None:
                return self._publish(finished)
            before = self._part_size()
            try:
                self._attempt()
            except _Dropped as dropped:
                # Count drops in a row: a long download over a poor link that keeps making
                # progress is not given up on.
                failures = 0 if self._part_size() > before else failures + 1
                if failures > MAX_RETRIES:
                    raise dropped.error from None
                delay = RETRY_DELAYS[max(failures, 1) - 1]
                if dropped.error.retry_after is not None:  # a busy service said how long
                    delay = max(delay, min(dropped.error.retry_after, MAX_BUSY_WAIT))
                self._wait(delay)

    # -- one attempt ----------------------------------------------------------------------

    def _learn_expected_copy(self) -> None:
        """The size and SHA-256 the request announces, so an old .part can be resumed safely.

        Asked once per call. If the request has no copy (not ready, expired), the download
        itself is answered with the service's reason, so nothing is decided here.
        """
        try:
            export = self.client.request(self.access_token(), self.request_id).export
        except ServiceError as error:
            if error.kind in _RESUMABLE:
                raise _Dropped(error) from None
            raise
        self.learned = True
        if export is not None:
            self.expected_sha256, self.expected_size = export.sha256, export.size

    def _attempt(self) -> None:
        if not self.learned:
            self._learn_expected_copy()
        have = self._part_size()
        headers: dict[str, str] = {}
        if have and self.expected_sha256:
            headers = {"Range": f"bytes={have}-", "If-Range": f'"{self.expected_sha256}"'}
            self._digest_of_part(have)  # before asking: no connection waits on the disk
        elif have:
            # Nothing tells which archive the .part belongs to: start it again.
            self._discard_part()
            have = 0
        try:
            response = self.client.open_export(
                self.access_token(), self.request_id, headers=headers
            )
        except ServiceError as error:
            if error.kind in _RESUMABLE:
                raise _Dropped(error) from None
            if error.status == 416:
                self._discard_part()  # longer than the copy: not the copy; start over
                raise _Dropped(error) from None
            raise
        with contextlib.closing(response):
            self._receive(response, have)

    def _receive(self, response: HttpResponse, have: int) -> None:
        sha256 = self._announced_sha256(response)
        if response.status_code == 206:
            first, total = _content_range(response)
            if first != have:
                self._discard_part()
                raise _Dropped(ServiceError(FailureKind.BAD_ANSWER, "range not as asked"))
            mode = "ab"
        elif response.status_code == 200:
            # A whole file although a range was asked: the copy changed; start over.
            total = _content_length(response)
            have, mode = 0, "wb"
        else:
            raise ServiceError(FailureKind.BAD_ANSWER, "not a copy", response.status_code)
        self.expected_sha256, self.expected_size = sha256, total
        digest = self._digest_of_part(have) if mode == "ab" else hashlib.sha256()
        self.digest, self.hashed = digest, have
        done = have
        self.progress(done, total)
        try:
            with open(self.part, mode, opener=_private_file) as file:
                written_back = done
                hasher = _Hasher(digest)
                try:
                    for chunk in _pieces(response, self.chunk_size):
                        file.write(chunk)
                        hasher.add(chunk)
                        done += len(chunk)
                        self.progress(done, total)
                        if done > total:
                            break
                        if done - written_back >= _WRITEBACK_EVERY:
                            _start_writeback(file.fileno(), written_back, done - written_back)
                            written_back = done
                        self._check_cancelled()
                finally:
                    # However the attempt ends, the digest has taken in every piece written,
                    # `done` bytes of the .part (a write that failed halfway raises on).
                    hasher.finish()
                    self.hashed = done
                    file.flush()
                    os.fsync(file.fileno())
        except _DROPPED as error:
            # Headers arrived, then the body stopped: a cut-off answer, or a stalled one.
            failure = transport_failure(error)
            if failure.kind is not FailureKind.TIMEOUT:
                failure = ServiceError(FailureKind.CUT_OFF, failure.detail)
            raise _Dropped(failure) from None
        if done < total:
            raise _Dropped(ServiceError(FailureKind.CUT_OFF, "the answer ended early"))

    # -- the end --------------------------------------------------------------------------

    def _finished_part(self) -> tuple[int, str] | None:
        """(size, sha256) when the .part holds the whole copy; removes one that cannot be it."""
        have = self._part_size()
        if self.expected_size is None or have < self.expected_size or not have:
            return None
        sha256 = self._digest_of_part(have).hexdigest()
        if have > self.expected_size or sha256 != self.expected_sha256:
            self._discard_part()
            raise ServiceError(FailureKind.CHECKSUM_MISMATCH, "the copy does not match its SHA-256")
        return have, sha256

    def _publish(self, finished: tuple[int, str]) -> DownloadResult:
        size, sha256 = finished
        os.replace(self.part, self.target)
        _sync_directory(self.target.parent)
        return DownloadResult(path=self.target, size=size, sha256=sha256)

    # -- helpers --------------------------------------------------------------------------

    def _announced_sha256(self, response: HttpResponse) -> str:
        """The copy's SHA-256 from the ETag and Repr-Digest; they and the request must agree."""
        announced: set[str] = set()
        etag = _STRONG_SHA256_ETAG.fullmatch(response.headers.get("ETag", "").strip())
        if etag:
            announced.add(etag.group(1).lower())
        digest = _REPR_DIGEST_SHA256.search(response.headers.get("Repr-Digest", ""))
        if digest:
            try:
                announced.add(base64.b64decode(digest.group(1), validate=True).hex())
            except (binascii.Error, ValueError):
                raise ServiceError(FailureKind.BAD_ANSWER, "unreadable Repr-Digest") from None
        if len(announced) != 1:
            raise ServiceError(FailureKind.BAD_ANSWER, "no single SHA-256 for the copy")
        sha256 = announced.pop()
        if len(sha256) != 64:
            raise ServiceError(FailureKind.BAD_ANSWER, "a digest that is not SHA-256")
        return sha256

    def _digest_of_part(self, size: int) -> hashlib._Hash:
        """The SHA-256 of the .part's first `size` bytes, now `size` long: the one kept on
        the way when it covers them, else read from the file once (a .part an earlier call
        left, or one that does not end where this call's writing did)."""
        if self.hashed != size:
            digest = hashlib.sha256()
            with open(self.part, "rb") as file:
                left = size
                while left and (block := file.read(min(_HASH_BLOCK, left))):
                    digest.update(block)
                    left -= len(block)
            self.digest, self.hashed = digest, size - left
        return self.digest.copy()

    def _part_size(self) -> int:
        try:
            return self.part.stat().st_size
        except FileNotFoundError:
            return 0

    def _discard_part(self) -> None:
        self.part.unlink(missing_ok=True)

    def _check_cancelled(self) -> None:
        if self.cancelled():
            raise DownloadCancelled

    def _wait(self, seconds: float) -> None:
        """Back off before a retry, still answering a cancel within a tenth of a second."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self._check_cancelled()
            time.sleep(min(0.1, left))


class _Dropped(Exception):
    """An attempt ended early; `error` is what the caller sees if no retry is left."""

    def __init__(self, error: ServiceError) -> None:
        super().__init__(str(error))
        self.error = error


class _Hasher:
    """SHA-256 on a thread of its own, fed the pieces in the order they were written.

    hashlib lets go of the GIL while it hashes a piece, so the hashing (the most CPU a
    download spends) runs beside receiving and writing the next piece instead of between
    them. At most `_HASH_BACKLOG` pieces wait, so memory stays bounded if hashing falls
    behind. `finish` must be called: it waits until every piece is in the digest.
    """

    def __init__(self, digest: hashlib._Hash) -> None:
        self._digest = digest
        self._waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=_HASH_BACKLOG)
        self._thread = threading.Thread(target=self._run, name="copy-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (piece := self._waiting.get()) is not None:
            self._digest.update(piece)

    def add(self, piece: bytes) -> None:
        self._waiting.put(piece)

    def finish(self) -> None:
        self._waiting.put(None)
        self._thread.join()


def _pieces(response: HttpResponse, most: int) -> Iterator[bytes]:
    """The body in pieces of up to `most` bytes, each what the connection has ready.

    `read1` makes one read of the socket, so a fast link hands over large pieces and a slow
    one small pieces without waiting for `most` bytes to gather; `iter_content(most)` would
    wait for them, and copies them once more. A body sent as it is (no Content-Encoding, as
    the service sends the ZIP) is handed over as read: asking urllib3 to decode it anyway
    copies every piece through its decoded buffer, which halved the speed measured. Failures
    are raised as requests raises them from iter_content, so a cut or a stall is told apart
    the same way.
    """
    raw = response.raw
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # urllib3 before 2.3
        yield from response.iter_content(most)
        return
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    decode = encoding not in ("", "identity")
    ready = _ready_to_read(response)
    try:
        while piece := read1(most, decode_content=decode):
            if ready is not None and len(piece) < most and ready():
                gathered = [piece]
                size = len(piece)
                broke: Exception | None = None
                try:
                    while size < most and ready():
                        more = read1(most - size, decode_content=decode)
                        if not more:
                            break
                        gathered.append(more)
                        size += len(more)
                except Exception as error:  # what arrived before the break is kept first
                    broke = error
                piece = b"".join(gathered)
                if broke is not None:
                    yield piece
                    raise broke
            yield piece
    except urllib3.exceptions.ProtocolError as error:
        raise requests.exceptions.ChunkedEncodingError(error) from error
    except urllib3.exceptions.DecodeError as error:
        raise requests.exceptions.ContentDecodingError(error) from error
    except urllib3.exceptions.ReadTimeoutError as error:
        raise requests.exceptions.ConnectionError(error) from error
    except urllib3.exceptions.SSLError as error:
        raise requests.exceptions.SSLError(error) from error


def _ready_to_read(response: HttpResponse) -> Callable[[], bool] | None:
    """Whether more of the body can be read at once, without waiting for the network.

    Over TLS one read hands over one TLS record (16 KiB at most), so a fast link would cost
    a write, a hash hand-over and a progress signal per 16 KiB: `_pieces` gathers what is
    ready into one piece instead (measured: docs/performance.md, "Over TLS"). Ready means
    bytes already decrypted in the TLS layer, or bytes waiting in the socket. None when the
    socket cannot be reached (another transport): then every read is its own piece."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None or not hasattr(sock, "fileno"):
        return None
    pending = getattr(sock, "pending", None)

    def ready() -> bool:
        if pending is not None and pending() > 0:
            return True
        try:
            readable, _writable, _failed = select.select([sock], [], [], 0)
        except (OSError, ValueError):  # closed under us: the next read reports it
            return False
        return bool(readable)

    return ready


def _start_writeback(descriptor: int, offset: int, length: int) -> None:
    """Ask Linux to start writing this range to disk now, without waiting for it.

    For pages still dirty, POSIX_FADV_DONTNEED starts their writeback and returns (mm/fadvise.c:
    `__filemap_fdatawrite_range(..., WB_SYNC_NONE)`); it drops only pages already clean, and
    pages written moments ago seldom are (at worst the ZIP check after the download reads
    those few from disk). The disk then writes while the
    rest arrives, instead of all of it during the final fsync. Only a hint, so a failure to
    give it is ignored: the fsync at the end makes the file durable and reports what went
    wrong, and the bytes the file object still buffers are written by then.
    """
    if not _CAN_START_WRITEBACK:
        return
    with contextlib.suppress(OSError):
        os.posix_fadvise(descriptor, offset, length, os.POSIX_FADV_DONTNEED)


def _content_range(response: HttpResponse) -> tuple[int, int]:
    """(first byte, whole size) of a 206 answer, which must run to the end of the file."""
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if match is None:
        raise ServiceError(FailureKind.BAD_ANSWER, "a partial answer without Content-Range")
    first, last, total = (int(group) for group in match.groups())
    if last != total - 1 or first > last:
        raise ServiceError(FailureKind.BAD_ANSWER, "a range that does not reach the end")
    return first, total


def _content_length(response: HttpResponse) -> int:
    try:
        length = int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        raise ServiceError(FailureKind.BAD_ANSWER, "a copy without Content-Length") from None
    if length < 0:
        raise ServiceError(FailureKind.BAD_ANSWER, "a copy with a negative length")
    return length


def _private_file(path: str, flags: int) -> int:
    """The copy is personal data: readable by the user alone while it is being fetched."""
    return os.open(path, flags, 0o600)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
