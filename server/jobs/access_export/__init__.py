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

The parts, each with one job: `pages` reads the records, `record_shape` turns a row into
JSON values and CSV cells, `readme` (with its page, `readme.html`) and `manifest` describe
the copy, `zip_sink` writes and publishes the archive, and `archive` runs the one pass.
"""

from server.jobs.access_export.archive import (
    ExportSubjectMissing,
    build_access_export,
    export_member_name,
)
from server.jobs.access_export.manifest import FORMAT_VERSION
from server.jobs.access_export.zip_sink import ExportResult

__all__ = [
    "FORMAT_VERSION",
    "ExportResult",
    "ExportSubjectMissing",
    "build_access_export",
    "export_member_name",
]
