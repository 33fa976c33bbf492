"""The access copy (R1 access, R2 portability): one ZIP a person can read and a program can parse.

What goes in: for the profile (C1) and every part of every category in
`server.data_stores.PARTS`, a JSON file (the exact values) and a CSV file (for spreadsheets):
`data/C5-<title>.json` for a category's main part, `data/C6-ad-profile.json` for another part
(C6's ad profile, inferred from the activity); `README.html`, which explains each category in
plain words with links to its files; and `manifest.json`, the size and SHA-256 of every other
member so the copy can be checked later. The manifest lists a category's files main part
first, with `records` counting every part and `parts` giving each part's own count and files.

Why it is built like this: a user may hold a million playback events, and the copy must not
cost a million records of memory. Records are read in keyset-paged chunks (never OFFSET),
each member is compressed and hashed while it is written, and the archive goes to disk
through a writer that cannot seek, so zipfile streams every member with a data descriptor
and the archive's own SHA-256 is computed in the same single pass. The file appears under
its final name only when complete and on disk (temporary name, fsync, link), so a download
never sees half an archive.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import tempfile
import uuid
import zipfile
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, select, tuple_

from server.catalog.entries import CATEGORIES
from server.catalog.model import CategoryEntry
from server.config import Settings
from server.data_stores import (
    MAIN_PART,
    PROFILE_CATEGORY,
    CategoryStore,
    profile_record,
    stores_of,
)
from server.db.database import Database
from server.db.models import User

FORMAT_VERSION = "1"
# Rows per keyset page: large enough that per-query overhead vanishes, small enough that
# a page of crash reports with long bodies still fits comfortably in memory.
PAGE_SIZE = 5_000
# How many of a category's newest records the README shows as a table.
README_PREVIEW_ROWS = 20
_PREVIEW_CELL_CHARS = 200
# Text is gathered into chunks of about this size before it is compressed and hashed.
_CHUNK_BYTES = 64 * 1024
# Request ids become file names: only plain ids, never a path.
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# First characters that make a spreadsheet run a cell as a formula (CSV injection).
_FORMULA_STARTS = frozenset("=+-@\t\r")
_JSON = json.JSONEncoder(ensure_ascii=False, default=lambda value: _json_default(value))


@dataclass(frozen=True)
class ExportResult:
    """The finished archive: what the request row records and the download serves."""

    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class MemberDigest:
    """One archive member as the manifest lists it (size and hash of the uncompressed bytes)."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PartSection:
    """What the README and the manifest say about one part of a category (its one table)."""

    part: str
    title: str
    records: int
    files: tuple[str, ...]
    fields: tuple[str, ...]
    # The newest few records, newest first, shown in the README so a person sees real values.
    newest: tuple[tuple[Any, ...], ...] = ()


@dataclass(frozen=True)
class CategorySection:
    """What the README and the manifest say about one category."""

    entry: CategoryEntry
    # None: the category holds no records by design (C3, C9, C13, C16); else main part first.
    parts: tuple[PartSection, ...] | None

    @property
    def records(self) -> int | None:
        """Every part's records together; None for a category that holds none by design."""
        return None if self.parts is None else sum(part.records for part in self.parts)

    @property
    def files(self) -> tuple[str, ...]:
        return () if self.parts is None else tuple(f for part in self.parts for f in part.files)


class ExportSubjectMissing(LookupError):
    """The account the copy was asked for no longer exists (e.g. deleted in the meantime)."""


def build_access_export(
    database: Database, settings: Settings, user_id: str, request_id: str
) -> ExportResult:
    """Write `<export_dir>/<request_id>.zip` holding everything the service keeps about the user."""
    if not _PLAIN_ID.fullmatch(request_id):
        raise ValueError("a request id must be a plain id to become a file name")
    export_dir = Path(settings.export_dir)
    export_dir.mkdir(parents=True, exist_ok=True)
    final_path = export_dir / f"{request_id}.zip"
    temporary = export_dir / f".{request_id}.{uuid.uuid4().hex}.partial"
    generated_at = settings.clock()
    try:
        with open(temporary, "xb") as raw:
            sink = _HashingSink(raw)
            with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                _write_archive(
                    archive, database, settings, user_id, request_id, generated_at, export_dir
                )
            raw.flush()
            os.fsync(raw.fileno())
        published = _publish(temporary, final_path)
        _fsync_directory(export_dir)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if not published:
        return _describe_existing(final_path)
    return ExportResult(path=final_path, size=sink.size, sha256=sink.hexdigest())


def export_member_name(entry: CategoryEntry, suffix: str, part: str = MAIN_PART) -> str:
    """`data/C5-how-your-media-is-played.json`: the id sorts, the slug tells a person what it is.

    A part other than the main one is named by itself: `data/C6-ad-profile.json`.
    """
    title = entry.title.en if part == MAIN_PART else part
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return f"data/{entry.id}-{slug}.{suffix}"


# ---------------------------------------------------------------------------------------
# The archive's members
# ---------------------------------------------------------------------------------------


def _write_archive(
    archive: zipfile.ZipFile,
    database: Database,
    settings: Settings,
    user_id: str,
    request_id: str,
    generated_at: datetime,
    spool_dir: Path,
) -> None:
    members: list[MemberDigest] = []
    sections: list[CategorySection] = []
    with database.new_session() as session:
        # One connection and one transaction for every read; on PostgreSQL also one snapshot,
        # so the categories agree with each other. Keyset paging stays correct either way.
        connection = session.connection(execution_options=_snapshot_options(database))
        user = session.get(User, user_id)
        if user is None:
            raise ExportSubjectMissing(user_id)
        profile = profile_record(user)
        for entry in CATEGORIES:
            stores = stores_of(entry.id)
            if entry.id == PROFILE_CATEGORY:
                rows = iter([tuple(profile.values())])
                shape = RecordShape.of(User, tuple(profile))
                part, written = _write_part(
                    archive, entry, MAIN_PART, entry.title.en, shape, rows, generated_at, spool_dir
                )
                parts = [part]
                members.extend(written)
            elif stores:
                parts = []
                for store in stores:
                    rows = _stored_rows(connection, store, user_id)
                    shape = RecordShape.of(store.model, ("id", *store.fields))
                    title = store.part_title.en if store.part_title else entry.title.en
                    part, written = _write_part(
                        archive, entry, store.part, title, shape, rows, generated_at, spool_dir
                    )
                    parts.append(part)
                    members.extend(written)
            else:
                sections.append(CategorySection(entry, None))
                continue
            sections.append(CategorySection(entry, tuple(parts)))
        readme = _readme_html(settings, user, request_id, generated_at, sections)
        members.append(_write_text_member(archive, "README.html", readme, generated_at))
    manifest = _manifest(settings, user_id, request_id, generated_at, sections, members)
    _write_text_member(archive, "manifest.json", manifest, generated_at)


def _write_part(
    archive: zipfile.ZipFile,
    entry: CategoryEntry,
    part: str,
    title: str,
    shape: RecordShape,
    rows: Iterator[Sequence[Any]],
    generated_at: datetime,
    spool_dir: Path,
) -> tuple[PartSection, list[MemberDigest]]:
    """Write the JSON and the CSV of one part of a category from one pass over its records.

    zipfile takes one member at a time, and reading a million records twice would double
    the database work, so the CSV waits in a spool file (on disk, never in memory, beside
    the archive and unlinked at once) until the JSON member is closed.
    """
    json_name = export_member_name(entry, "json", part)
    csv_name = export_member_name(entry, "csv", part)
    names, count = shape.names, 0
    newest: deque[list[Any]] = deque(maxlen=README_PREVIEW_ROWS)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=spool_dir) as spool:
        table = csv.writer(spool, lineterminator="\r\n")
        table.writerow(names)
        with _open_member(archive, json_name, generated_at) as json_out:
            json_out.write("[")
            for values in rows:
                plain = shape.plain(values)
                separator = ",\n  " if count else "\n  "
                json_out.write(separator + _JSON.encode(dict(zip(names, plain, strict=True))))
                table.writerow(shape.spreadsheet_cells(plain))
                newest.append(plain)
                count += 1
            json_out.write("\n]\n" if count else "]\n")
        spool.seek(0)
        with _open_member(archive, csv_name, generated_at) as csv_out:
            while chunk := spool.read(_CHUNK_BYTES):
                csv_out.write(chunk)
    preview = tuple(tuple(row) for row in reversed(newest))
    section = PartSection(part, title, count, (json_name, csv_name), names, preview)
    return section, [json_out.digest(), csv_out.digest()]


def _stored_rows(
    connection: Connection, store: CategoryStore, user_id: str
) -> Iterator[tuple[Any, ...]]:
    """The user's records, oldest first, in pages keyed on (time, id): no OFFSET, index-backed."""
    time_column, id_column = store.column(store.time_column), store.column("id")
    columns = [store.column(name) for name in ("id", *store.fields)]
    query = (
        select(*columns, time_column)
        .where(store.column("user_id") == user_id)
        .order_by(time_column, id_column)
        .limit(PAGE_SIZE)
    )
    after: tuple[Any, Any] | None = None
    while True:
        page_query = query if after is None else query.where(tuple_(time_column, id_column) > after)
        page = connection.execute(page_query).all()
        for row in page:
            yield tuple(row)[:-1]
        if len(page) < PAGE_SIZE:
            return
        last = page[-1]
        after = (last[-1], last[0])


def _write_text_member(
    archive: zipfile.ZipFile, name: str, text: str, generated_at: datetime
) -> MemberDigest:
    with _open_member(archive, name, generated_at) as out:
        out.write(text)
    return out.digest()


def _manifest(
    settings: Settings,
    user_id: str,
    request_id: str,
    generated_at: datetime,
    sections: list[CategorySection],
    members: list[MemberDigest],
) -> str:
    """Every other member with its size and SHA-256 (the manifest cannot list its own hash)."""
    document = {
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at.isoformat(),
        "request_id": request_id,
        "user_id": user_id,
        "service": {"name": settings.controller_name, "policy_url": settings.policy_url},
        "categories": [
            {
                "id": section.entry.id,
                "title": section.entry.title.en,
                "records": section.records,
                "files": list(section.files),
                **(
                    {"parts": [_manifest_part(part) for part in section.parts]}
                    if section.parts
                    else {}
                ),
                **(
                    {"empty_reason": _empty_reason(section.entry)}
                    if section.records is None
                    else {}
                ),
            }
            for section in sections
        ],
        "files": [
            {"path": member.path, "size": member.size, "sha256": member.sha256}
            for member in members
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _manifest_part(part: PartSection) -> dict[str, Any]:
    return {
        "part": part.part,
        "title": part.title,
        "records": part.records,
        "files": list(part.files),
    }


# ---------------------------------------------------------------------------------------
# README.html: the page a person opens first
# ---------------------------------------------------------------------------------------

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; }
dl { display: grid; grid-template-columns: 10rem 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
.id { color: #6e6e73; font-weight: normal; }
.empty { color: #6e6e73; font-style: italic; }
.records { overflow-x: auto; }
table { border-collapse: collapse; font-size: .875rem; margin-top: 1rem; }
caption { text-align: left; color: #6e6e73; padding-bottom: .25rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
         border-bottom: 1px solid #d2d2d7; white-space: pre-wrap; }
@media (prefers-color-scheme: dark) { body { background: #1d1d1f; color: #f5f5f7; }
  a { color: #6cb4ff; } }
"""


def _readme_html(
    settings: Settings,
    user: User,
    request_id: str,
    generated_at: datetime,
    sections: list[CategorySection],
) -> str:
    e = _escape
    when = generated_at.strftime("%d %B %Y, %H:%M UTC")
    contents = "\n".join(
        f'<li><a href="#{e(s.entry.id)}">{e(s.entry.title.en)}</a>{_count_phrase(s)}</li>'
        for s in sections
    )
    body = "\n".join(_readme_section(section) for section in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your data at {e(settings.controller_name)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>Your data at {e(settings.controller_name)}</h1>
<p>This is a copy of everything {e(settings.controller_name)} keeps about
<strong>{e(user.username)}</strong> ({e(user.email)}), made on {e(when)} because you asked
for it (request {e(request_id)}).</p>
<p>Each section below says what a kind of data is, where it comes from, why it is kept, who
receives it and how long it stays. Each kind with records has two files in the
<code>data</code> folder: a JSON file with the exact values, for moving your data to another
service, and a CSV file that opens in any spreadsheet. In the CSV files, text that a
spreadsheet would treat as a formula starts with an apostrophe; the JSON files hold it
unchanged. Times are in UTC. <code>manifest.json</code> lists the size and SHA-256 of every
file, so you can check that nothing was changed.</p>
<p>How the service treats your data: <a href="{e(settings.policy_url)}">{e(settings.policy_url)}</a></p>
<h2>Contents</h2>
<ul>
{contents}
</ul>
{body}
</body>
</html>
"""


def _readme_section(section: CategorySection) -> str:
    e, entry = _escape, section.entry
    facts = (
        f"<dt>Where it comes from</dt><dd>{e(entry.sources.en)}</dd>"
        f"<dt>Why it is kept</dt><dd>{e(entry.purposes.en)}</dd>"
        f"<dt>Who receives it</dt><dd>{e(entry.recipients.en)}</dd>"
        f"<dt>How long it is kept</dt><dd>{e(entry.retention.en)}</dd>"
    )
    heading = (
        f'<section id="{e(entry.id)}">\n<h2>{e(entry.title.en)} '
        f'<span class="id">{e(entry.id)}</span></h2>\n<p>{e(entry.explanation.en)}</p>\n'
    )
    if section.parts is None:
        holding = f'<p class="empty">{e(_empty_reason(entry))}</p>'
        return f"{heading}{holding}\n<dl>{facts}</dl>\n</section>"
    if len(section.parts) == 1:
        part = section.parts[0]
        return f"{heading}<dl>{facts}{_part_holding(part)}</dl>\n{_preview_table(part)}</section>"
    # Several tables (C6: the activity and the ad profile): each gets its own heading.
    parts = "".join(
        f'<h3 id="{e(entry.id)}-{e(part.part)}">{e(part.title)}</h3>\n'
        f"<dl>{_part_holding(part)}</dl>\n{_preview_table(part)}"
        for part in section.parts
    )
    return f"{heading}<dl>{facts}</dl>\n{parts}</section>"


def _part_holding(part: PartSection) -> str:
    e = _escape
    links = " · ".join(
        f'<a href="{e(path)}">{e(path.rsplit(".", 1)[-1].upper())}</a>' for path in part.files
    )
    return (
        f"<dt>Records</dt><dd>{part.records:,}"
        f"{' (nothing stored right now)' if part.records == 0 else ''}</dd>"
        f"<dt>Files</dt><dd>{links}</dd>"
    )


def _preview_table(part: PartSection) -> str:
    """The newest records as a table: enough to recognise the data without opening a file."""
    if not part.newest:
        return ""
    e, records = _escape, part.records
    caption = (
        f"The newest {len(part.newest)} of {records:,} records; the files hold all of them."
        if records > len(part.newest)
        else "All records, newest first."
    )
    header = "".join(f"<th>{e(name)}</th>" for name in part.fields)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{e(_preview_cell(value))}</td>" for value in row) + "</tr>"
        for row in part.newest
    )
    return (
        f'<div class="records"><table>\n<caption>{e(caption)}</caption>\n'
        f"<thead><tr>{header}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>\n"
    )


def _preview_cell(value: object) -> str:
    if value is None:
        return ""
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if len(text) > _PREVIEW_CELL_CHARS:
        return text[: _PREVIEW_CELL_CHARS - 1] + "…"
    return text


def _count_phrase(section: CategorySection) -> str:
    if section.parts is None:
        return " — no records by design"
    phrase = f" — {_records(sum(part.records for part in section.parts))}"
    if len(section.parts) > 1:
        phrase += (
            " (" + "; ".join(f"{_escape(p.title)}: {p.records:,}" for p in section.parts) + ")"
        )
    return phrase


def _records(count: int) -> str:
    return f"{count:,} record{'' if count == 1 else 's'}"


def _empty_reason(entry: CategoryEntry) -> str:
    if entry.empty_reason is not None:
        return entry.empty_reason.en
    return "The service keeps no records of this kind about you."


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------------------------------
# Values, writers and files
# ---------------------------------------------------------------------------------------


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot put a {type(value).__name__} into the export")


@dataclass(frozen=True)
class RecordShape:
    """A category's fields and which of them need converting, worked out once per category.

    A million records means ten million cells, so the per-cell work is kept to the columns
    that need it, found from the table's column types rather than by testing every value.
    """

    names: tuple[str, ...]
    times: tuple[int, ...]
    texts: tuple[int, ...]
    flags: tuple[int, ...]

    @classmethod
    def of(cls, model: type[Any], names: tuple[str, ...]) -> RecordShape:
        kinds = [getattr(model, name).type.python_type for name in names]
        return cls(
            names,
            times=tuple(i for i, kind in enumerate(kinds) if issubclass(kind, datetime)),
            texts=tuple(i for i, kind in enumerate(kinds) if issubclass(kind, str)),
            flags=tuple(i for i, kind in enumerate(kinds) if issubclass(kind, bool)),
        )

    def plain(self, values: Sequence[Any]) -> list[Any]:
        """The exact values, with times as ISO 8601 text: what the JSON file holds."""
        row = list(values)
        for index in self.times:
            moment = row[index]
            if moment is not None:
                row[index] = moment.isoformat()
        return row

    def spreadsheet_cells(self, plain: list[Any]) -> list[Any]:
        """CSV cells: text a spreadsheet would run as a formula gets a leading apostrophe
        (CSV injection); true/false in words; None becomes an empty cell (csv does that)."""
        cells = list(plain)
        for index in self.texts:
            text = cells[index]
            if text and text[0] in _FORMULA_STARTS:
                cells[index] = "'" + text
        for index in self.flags:
            flag = cells[index]
            if flag is not None:
                cells[index] = "true" if flag else "false"
        return cells


class _HashingSink:
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


class _MemberText:
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
        if self._pending_chars >= _CHUNK_BYTES:
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

    def __enter__(self) -> _MemberText:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _member_info(name: str, generated_at: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=generated_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16  # a plain readable file when unpacked
    return info


def _open_member(archive: zipfile.ZipFile, name: str, generated_at: datetime) -> _MemberText:
    # force_zip64: the size is unknown until the end, and one category may pass 4 GiB.
    member = archive.open(_member_info(name, generated_at), "w", force_zip64=True)
    return _MemberText(member, name)


def _publish(temporary: Path, final_path: Path) -> bool:
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


def _describe_existing(path: Path) -> ExportResult:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return ExportResult(path=path, size=size, sha256=digest.hexdigest())


def _snapshot_options(database: Database) -> dict[str, Any]:
    if database.engine.dialect.name == "postgresql":
        return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    return {}


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a directory for this."""
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
