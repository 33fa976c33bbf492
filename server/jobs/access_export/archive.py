"""Building the access copy: one pass over the user's records, each part written as JSON and
CSV, then the README and the manifest, into a ZIP that is published only when complete."""

from __future__ import annotations

import csv
import os
import re
import tempfile
import uuid
import zipfile
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from server.catalog.entries import CATEGORIES
from server.catalog.model import CategoryEntry
from server.config import Settings
from server.data_stores import MAIN_PART, PROFILE_CATEGORY, profile_record, stores_of
from server.db.database import Database
from server.db.models import User
from server.jobs.access_export.manifest import manifest_text
from server.jobs.access_export.pages import snapshot_options, stored_rows
from server.jobs.access_export.readme import README_PREVIEW_ROWS, readme_html
from server.jobs.access_export.record_shape import RECORD_JSON, RecordShape
from server.jobs.access_export.sections import CategorySection, MemberDigest, PartSection
from server.jobs.access_export.zip_sink import (
    CHUNK_BYTES,
    ExportResult,
    HashingSink,
    describe_existing,
    fsync_directory,
    open_member,
    publish,
    write_text_member,
)

# Request ids become file names: only plain ids, never a path.
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


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
            sink = HashingSink(raw)
            with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                _write_archive(
                    archive, database, settings, user_id, request_id, generated_at, export_dir
                )
            raw.flush()
            os.fsync(raw.fileno())
        published = publish(temporary, final_path)
        fsync_directory(export_dir)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if not published:
        return describe_existing(final_path)
    return ExportResult(path=final_path, size=sink.size, sha256=sink.hexdigest())


def export_member_name(entry: CategoryEntry, suffix: str, part: str = MAIN_PART) -> str:
    """`data/C5-how-your-media-is-played.json`: the id sorts, the slug tells a person what it is.

    A part other than the main one is named by itself: `data/C6-ad-profile.json`.
    """
    title = entry.title.en if part == MAIN_PART else part
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return f"data/{entry.id}-{slug}.{suffix}"


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
        connection = session.connection(execution_options=snapshot_options(database))
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
                    rows = stored_rows(connection, store, user_id)
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
        readme = readme_html(settings, user, request_id, generated_at, sections)
        members.append(write_text_member(archive, "README.html", readme, generated_at))
    manifest = manifest_text(settings, user_id, request_id, generated_at, sections, members)
    write_text_member(archive, "manifest.json", manifest, generated_at)


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
        with open_member(archive, json_name, generated_at) as json_out:
            json_out.write("[")
            for values in rows:
                plain = shape.plain(values)
                separator = ",\n  " if count else "\n  "
                json_out.write(separator + RECORD_JSON.encode(dict(zip(names, plain, strict=True))))
                table.writerow(shape.spreadsheet_cells(plain))
                newest.append(plain)
                count += 1
            json_out.write("\n]\n" if count else "]\n")
        spool.seek(0)
        with open_member(archive, csv_name, generated_at) as csv_out:
            while chunk := spool.read(CHUNK_BYTES):
                csv_out.write(chunk)
    preview = tuple(tuple(row) for row in reversed(newest))
    section = PartSection(part, title, count, (json_name, csv_name), names, preview)
    return section, [json_out.digest(), csv_out.digest()]
