"""Writing the ZIP in one pass: members compressed and hashed as they are written, the
archive hashed as it goes to disk, and published under its name only when complete.

The archive goes to disk through a writer that cannot seek, so zipfile streams every member
with a data descriptor and the archive's own SHA-256 is computed in the same single pass.
The file appears under its final name only when complete and on disk (temporary name,
fsync, link), so a download never sees half an archive.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from server.jobs.access_export.sections import MemberDigest

# Text is gathered into chunks of about this size before it is compressed and hashed.
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class ExportResult:
    """The finished archive: what the request row records and the download serves."""

    path: Path
    size: int
    sha256: str


class HashingSink:
    """The archive's file, seen by zipfile as write-only and unseekable.

    Without seek() zipfile writes every member once, front to back (data descriptors instead
    of rewritten headers), so hashing the bytes as they pass gives the archive's SHA-256.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._hash.update(data)
        self.size += len(data)
        return self._raw.write(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        """The file belongs to the caller, who fsyncs it before closing."""

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class MemberText:
    """A text writer into one archive member that counts and hashes what it writes."""

    def __init__(self, member: IO[bytes], path: str) -> None:
        self._member = member
        self._path = path
        self._hash = hashlib.sha256()
        self._size = 0
        self._pending: list[str] = []
        self._pending_chars = 0

    def write(self, text: str) -> int:
        self._pending.append(text)
        self._pending_chars += len(text)
        if self._pending_chars >= CHUNK_BYTES:
            self._flush()
        return len(text)

    def _flush(self) -> None:
        if not self._pending:
            return
        data = "".join(self._pending).encode("utf-8")
        self._pending.clear()
        self._pending_chars = 0
        self._hash.update(data)
        self._size += len(data)
        self._member.write(data)

    def close(self) -> None:
        self._flush()
        self._member.close()

    def digest(self) -> MemberDigest:
        return MemberDigest(self._path, self._size, self._hash.hexdigest())

    def __enter__(self) -> MemberText:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _member_info(name: str, generated_at: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=generated_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # a plain readable file when unpacked
    return info


def open_member(archive: zipfile.ZipFile, name: str, generated_at: datetime) -> MemberText:
    # force_zip64: the size is unknown until the end, and one category may pass 4 GiB.
    member = archive.open(_member_info(name, generated_at), "w", force_zip64=True)
    return MemberText(member, name)


def publish(temporary: Path, final_path: Path) -> bool:
    """Give the finished archive its name, unless a complete copy already has it.

    Two builds of one request happen when a worker's lease ran out while it was still
    working. The first complete copy keeps the name (a hard link never replaces), so the
    file on disk always matches the size and hash whichever run records it. False: the
    name was taken, and this build is thrown away.
    """
    try:
        os.link(temporary, final_path)
    except FileExistsError:
        temporary.unlink()
        return False
    except OSError:
        # A file system without hard links: fall back to an atomic rename.
        os.replace(temporary, final_path)
        return True
    temporary.unlink()
    return True


def describe_existing(path: Path) -> ExportResult:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return ExportResult(path=path, size=size, sha256=digest.hexdigest())


def write_text_member(
    archive: zipfile.ZipFile, name: str, text: str, generated_at: datetime
) -> MemberDigest:
    with open_member(archive, name, generated_at) as out:
        out.write(text)
    return out.digest()


def fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a directory for this."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
