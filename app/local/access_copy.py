"""Reading a downloaded access copy (the service's ZIP) without loading it into memory.

A copy holds `manifest.json` (every other member with its size and SHA-256, and the list
of categories), `data/<id>-<slug>.json` (each category's records as one JSON array, next
to a CSV twin) and `README.html`. A heavy user's playback history is a JSON array of a
million objects, so nothing here reads a whole member: records are parsed one array
element at a time, a page of them is all that is ever held, and searching or verifying
walks the archive member by member.

Every call opens the ZIP itself, so an `AccessCopy` can be used from any worker thread;
the one piece of state, a cursor that lets the next page continue where the last one
stopped, sits behind a lock. A copy that is not a ZIP, lost its manifest or has a damaged
member raises `CopyUnreadable`, whose `problem` says which, so the app can say it plainly.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any

MANIFEST = "manifest.json"
# The id the service gives a category's only or main part (its data API's `part`).
MAIN_PART = "records"
README = "README.html"
_READ_BLOCK = 64 * 1024
_HASH_BLOCK = 1024 * 1024
# Drop the parsed part of the text buffer once it is this long, so it never grows.
_BUFFER_KEEP = 1024 * 1024


class CopyProblem(Enum):
    NOT_FOUND = "not_found"  # the file is gone or cannot be read
    NOT_A_ZIP = "not_a_zip"  # not a ZIP at all, or cut short
    NO_MANIFEST = "no_manifest"  # a ZIP, but not an access copy
    BAD_MANIFEST = "bad_manifest"  # the manifest is not what the service writes
    DAMAGED_MEMBER = "damaged_member"  # one member cannot be read (bad data, bad CRC)


class CopyUnreadable(Exception):
    """The copy cannot be read; `problem` says why, `member` which file if one is to blame."""

    def __init__(self, problem: CopyProblem, member: str = "") -> None:
        super().__init__(f"{problem.value}: {member}" if member else problem.value)
        self.problem = problem
        self.member = member


@dataclass(frozen=True)
class CopyCategory:
    """One entry of the copy's category list: a category, or one part of a category the
    service keeps in several tables (C6: the activity and the ad profile), each with the
    ids the copy gives it, so a reader finds its title by id, whatever the order."""

    id: str  # C1…C16
    # The copy's own words, in English: the category's title, and the part's after " — ".
    title: str
    # None: the service holds no records of this kind by design (`empty_reason` says why).
    records: int | None
    data_file: str | None  # the JSON member, e.g. data/C5-how-your-media-is-played.json
    empty_reason: str = ""
    # Which part of the category this entry holds, by the service's id ("records": the
    # main or only one, as in a copy made before categories had parts; "ad-profile"). ""
    # for a part the copy does not name.
    part: str = MAIN_PART
    # The copy's own title of that part when the category comes in several parts; "" when
    # the entry is the whole category.
    part_title: str = ""


@dataclass(frozen=True)
class ManifestFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class FileCheck:
    path: str
    ok: bool


@dataclass(frozen=True)
class SearchHit:
    category: CopyCategory
    row: int  # 0-based position in the category's records
    field: str
    value: str


class AccessCopy:
    """An opened copy: its manifest read and checked for shape, its members read on demand."""

    def __init__(
        self,
        path: Path,
        manifest: dict[str, Any],
        files: tuple[ManifestFile, ...],
        categories: tuple[CopyCategory, ...],
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.files = files
        self._categories = categories
        self._lock = threading.Lock()
        self._cursor: _Cursor | None = None

    @classmethod
    def open(cls, path: Path) -> AccessCopy:
        path = Path(path)
        with _zip(path) as archive:
            try:
                raw = archive.read(MANIFEST)
            except KeyError:
                raise CopyUnreadable(CopyProblem.NO_MANIFEST) from None
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise CopyUnreadable(CopyProblem.DAMAGED_MEMBER, MANIFEST) from None
            names = set(archive.namelist())
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST) from None
        if not isinstance(manifest, dict):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
        files = _manifest_files(manifest)
        categories = _manifest_categories(manifest, names)
        return cls(path, manifest, files, categories)

    # -- what is in it --------------------------------------------------------------------

    def categories(self) -> list[CopyCategory]:
        return list(self._categories)

    def category_of(self, data_file: str) -> CopyCategory | None:
        return next((c for c in self._categories if c.data_file == data_file), None)

    def records(self, category_file: str, start: int, count: int) -> list[dict[str, Any]]:
        """Records `start` … `start + count - 1` of one category (fewer at its end).

        Paging forward continues the previous scan; any other page scans from the top.
        """
        if start < 0 or count <= 0:
            return []
        with self._lock:
            cursor = self._cursor
            if cursor is None or cursor.member != category_file or cursor.position > start:
                if cursor is not None:
                    cursor.close()
                cursor = self._cursor = _Cursor(self.path, category_file)
            try:
                return cursor.take(start, count)
            except CopyUnreadable:
                cursor.close()  # a broken scan cannot go on; the next call starts afresh
                self._cursor = None
                raise

    def close(self) -> None:
        with self._lock:
            if self._cursor is not None:
                self._cursor.close()
                self._cursor = None

    # -- checking it ----------------------------------------------------------------------

    def verify(self) -> list[FileCheck]:
        """Each member the manifest lists, in its order: present with that size and SHA-256?

        A member in the ZIP that the manifest does not list is reported too (not ok): the
        copy is not what the service put together.
        """
        checks: list[FileCheck] = []
        with _zip(self.path) as archive:
            present = set(archive.namelist())
            for listed in self.files:
                checks.append(FileCheck(listed.path, _member_matches(archive, listed, present)))
            known = {listed.path for listed in self.files} | {MANIFEST}
            for extra in sorted(n for n in present - known if not n.endswith("/")):
                checks.append(FileCheck(extra, False))
        return checks

    # -- searching it ---------------------------------------------------------------------

    def search(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Fields whose value contains `text` (ignoring case), category by category."""
        needle = text.strip().casefold()
        hits: list[SearchHit] = []
        if not needle or limit <= 0:
            return hits
        with _zip(self.path) as archive:
            for category in self._categories:
                if category.data_file is None:
                    continue
                with _open_member(archive, category.data_file) as member:
                    for row, record in enumerate(_array_elements(member, category.data_file)):
                        for name, value in _fields(record):
                            shown = cell_text(value)
                            if needle in shown.casefold():
                                hits.append(SearchHit(category, row, name, shown))
                                if len(hits) >= limit:
                                    return hits
        return hits


def cell_text(value: Any) -> str:
    """A JSON value as a table shows it: text as is, nothing as empty, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# -- the manifest ---------------------------------------------------------------------------


def _manifest_files(manifest: dict[str, Any]) -> tuple[ManifestFile, ...]:
    listed = manifest.get("files")
    if not isinstance(listed, list):
        raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
    files = []
    for item in listed:
        if not isinstance(item, dict):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
        path, size, sha256 = item.get("path"), item.get("size"), item.get("sha256")
        if not isinstance(path, str) or not isinstance(sha256, str):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
        if not isinstance(size, int) or isinstance(size, bool):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
        files.append(ManifestFile(path, size, sha256.lower()))
    return tuple(files)


def _manifest_categories(manifest: dict[str, Any], names: set[str]) -> tuple[CopyCategory, ...]:
    listed = manifest.get("categories")
    if not isinstance(listed, list):
        raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
    categories: list[CopyCategory] = []
    for item in listed:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
        records = item.get("records")
        if records is not None and not _is_count(records):
            raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
        title = str(item.get("title") or item["id"])
        parts = item.get("parts")
        if isinstance(parts, list) and len(parts) > 1:
            # A category kept in several tables (C6: activity, ad profile): one entry each,
            # named by the part's id as the service writes it.
            categories.extend(_part_entry(item["id"], title, part, names) for part in parts)
            continue
        # One table (a copy made before categories had parts lists none): the main part.
        only = parts[0] if isinstance(parts, list) and parts else {}
        part_id = only.get("part") if isinstance(only, dict) else None
        categories.append(
            CopyCategory(
                id=item["id"],
                title=title,
                records=records,
                data_file=_json_member(item.get("files") or [], names),
                empty_reason=str(item.get("empty_reason") or ""),
                part=part_id if isinstance(part_id, str) else MAIN_PART,
            )
        )
    return tuple(categories)


def _part_entry(category_id: str, title: str, part: Any, names: set[str]) -> CopyCategory:
    if not isinstance(part, dict) or not _is_count(part.get("records")):
        raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
    part_id = part.get("part")
    part_id = part_id if isinstance(part_id, str) else ""
    part_title = str(part.get("title") or part_id)
    return CopyCategory(
        id=category_id,
        title=f"{title} — {part_title}" if part_title else title,
        records=part["records"],
        data_file=_json_member(part.get("files") or [], names),
        part=part_id,
        part_title=part_title,
    )


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_member(member_files: Any, names: set[str]) -> str | None:
    """The JSON file among a manifest entry's files, if it is really in the ZIP."""
    if not isinstance(member_files, list):
        raise CopyUnreadable(CopyProblem.BAD_MANIFEST)
    data_file = next((f for f in member_files if isinstance(f, str) and f.endswith(".json")), None)
    if data_file is not None and data_file not in names:
        return None  # listed but missing: verify() says so; nothing to show
    return data_file


# -- reading members ------------------------------------------------------------------------


def _zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise CopyUnreadable(CopyProblem.NOT_FOUND) from None
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise CopyUnreadable(CopyProblem.NOT_A_ZIP) from None
    except OSError:
        raise CopyUnreadable(CopyProblem.NOT_FOUND) from None


def _open_member(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    try:
        return archive.open(name)
    except KeyError:
        raise CopyUnreadable(CopyProblem.DAMAGED_MEMBER, name) from None
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
        raise CopyUnreadable(CopyProblem.DAMAGED_MEMBER, name) from None


def _member_matches(archive: zipfile.ZipFile, listed: ManifestFile, present: set[str]) -> bool:
    if listed.path not in present:
        return False
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(listed.path) as member:
            while block := member.read(_HASH_BLOCK):
                digest.update(block)
                size += len(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return False
    return size == listed.size and digest.hexdigest() == listed.sha256


def _fields(record: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(record, dict):
        yield from record.items()
    else:
        yield "", record


def _array_elements(binary: IO[bytes], name: str) -> Generator[Any, None, None]:
    """The elements of the JSON array in `binary`, parsed one at a time."""
    try:
        yield from _parse_array(io.TextIOWrapper(binary, encoding="utf-8"))
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError):
        raise CopyUnreadable(CopyProblem.DAMAGED_MEMBER, name) from None


def _parse_array(text: IO[str]) -> Iterator[Any]:
    decoder = json.JSONDecoder()
    buffer, position, ended = "", 0, False

    def more() -> bool:
        nonlocal buffer, position, ended
        if ended:
            return False
        chunk = text.read(_READ_BLOCK)
        if not chunk:
            ended = True
            return False
        if position > _BUFFER_KEEP:
            buffer, position = buffer[position:], 0
        buffer += chunk
        return True

    def next_sign() -> str:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                position += 1
            if position < len(buffer):
                return buffer[position]
            if not more():
                return ""

    if next_sign() != "[":
        raise ValueError("not a JSON array")
    position += 1
    if next_sign() == "]":
        return
    while True:
        if not next_sign():
            raise ValueError("the array ends early")
        while True:
            try:
                value, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError:
                if more():
                    continue
                raise
            # A number at the very end of the buffer may go on in the next chunk.
            if end == len(buffer) and more():
                continue
            break
        position = end
        yield value
        sign = next_sign()
        position += 1
        if sign == "]":
            return
        if sign != ",":
            raise ValueError("elements must be separated by commas")


class _Cursor:
    """An open scan over one category, so the next page goes on where this one ended."""

    def __init__(self, path: Path, member: str) -> None:
        self.member = member
        self.position = 0
        self._archive = _zip(path)
        try:
            self._file = _open_member(self._archive, member)
        except CopyUnreadable:
            self._archive.close()
            raise
        self._elements = _array_elements(self._file, member)

    def take(self, start: int, count: int) -> list[dict[str, Any]]:
        page: list[dict[str, Any]] = []
        for element in self._elements:
            self.position += 1
            if self.position - 1 < start:
                continue
            page.append(element if isinstance(element, dict) else {"": element})
            if len(page) >= count:
                break
        return page

    def close(self) -> None:
        self._elements.close()
        self._file.close()
        self._archive.close()
