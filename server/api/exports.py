"""GET /v1/me/requests/{id}/export: the access copy (R1, R2), resumable, only for its owner.

Copies are large and connections drop, so the download speaks HTTP ranges (RFC 9110 §14):
`Range: bytes=a-b`, `bytes=a-` and `bytes=-n` answer 206 with `Content-Range`; a range that
starts past the end answers 416 with `Content-Range: bytes */size`; `If-Range` carrying the
ETag (the archive's SHA-256) makes sure a resumed download continues the same file, and
otherwise the whole file is sent again. The body is read from disk in chunks, never loaded.

When there is nothing to download:
- the request does not exist or belongs to someone else → 404 `request_not_found`
  (the same answer either way, so ids of other accounts reveal nothing);
- it is not an access request → 404 `no_export`;
- it is an access request still on its way (received, verifying, in progress) → 409
  `export_not_ready`; one that ended without a copy (denied, cancelled) → 409 `no_export`;
- the copy's time is up (`export_expires_at` passed) → 410 `export_expired`; the copy's file
  is gone from disk although it has not expired → 410 `export_missing`. Either way the
  user asks for a new copy.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse

from server.api.deps import CurrentUser, SessionDep, SettingsDep
from server.db.models import PrivacyRequest
from server.problems import PROBLEM_JSON, Problem

router = APIRouter(prefix="/v1/me/requests", tags=["requests"])

_CHUNK_BYTES = 256 * 1024
_PENDING = frozenset({"received", "verifying", "in_progress"})
_SINGLE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": {"type": "object"}}}


@dataclass(frozen=True)
class ByteRange:
    """Inclusive first and last byte, as Content-Range writes them."""

    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range asked for, or None to send the whole file.

    Headers this service does not honour (other units, several ranges, malformed or
    backwards specs) are ignored, as RFC 9110 allows: the client then gets the full file,
    which is always a correct answer. Only a well-formed range that lies wholly beyond the
    end is refused (RangeNotSatisfiable).
    """
    if header is None:
        return None
    match = _SINGLE_RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text:
        if not last_text:
            return None
        suffix = int(last_text)  # bytes=-n: the last n bytes
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(size - suffix, 0), size - 1)
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if last_text and last < first:
        return None
    if first >= size:
        raise RangeNotSatisfiable
    return ByteRange(first, min(last, size - 1))


def _file_chunks(path: Path, byte_range: ByteRange) -> Iterator[bytes]:
    with open(path, "rb") as file:
        file.seek(byte_range.first)
        remaining = byte_range.length
        while remaining > 0:
            chunk = file.read(min(_CHUNK_BYTES, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _not_found() -> Problem:
    return Problem(
        404,
        "Request not found",
        "There is no request with this id in your account.",
        code="request_not_found",
    )


def _ready_export(request: PrivacyRequest, now: datetime) -> tuple[Path, int, str]:
    """The copy's file, size and SHA-256, or the problem that explains why there is none."""
    if request.kind != "access":
        raise Problem(
            404, "No copy for this request", "Only access requests have a copy.", code="no_export"
        )
    expires_at = request.export_expires_at
    if (expires_at is not None and expires_at <= now) or request.status == "expired":
        raise Problem(
            410,
            "The copy has expired",
            "Copies can be downloaded for a limited time. Ask for a new copy.",
            code="export_expired",
        )
    if request.status in _PENDING:
        raise Problem(
            409,
            "The copy is not ready yet",
            f"The request is {request.status.replace('_', ' ')}; the copy can be downloaded "
            "once it is completed.",
            code="export_not_ready",
        )
    if (
        request.status != "completed"
        or request.export_file is None
        or request.export_size is None
        or request.export_sha256 is None
        or expires_at is None
    ):
        raise Problem(
            409,
            "No copy for this request",
            f"The request ended as {request.status} without a copy.",
            code="no_export",
        )
    path = Path(request.export_file)
    try:
        on_disk = path.stat().st_size
    except OSError:
        on_disk = -1
    if on_disk != request.export_size:
        raise Problem(
            410,
            "The copy is no longer available",
            "The file of this copy is gone. Ask for a new copy.",
            code="export_missing",
        )
    return path, request.export_size, request.export_sha256


@router.get(
    "/{request_id}/export",
    response_class=StreamingResponse,
    summary="Download the copy of your data (resumable)",
    responses={
        200: {
            "description": "The whole copy (a ZIP)",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
        206: {
            "description": "The requested byte range of the copy",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
        404: {"description": "No such request in your account", "content": _PROBLEM_CONTENT},
        409: {
            "description": "The copy is not ready (or never will be)",
            "content": _PROBLEM_CONTENT,
        },
        410: {"description": "The copy has expired or is gone", "content": _PROBLEM_CONTENT},
        416: {"description": "The range starts beyond the end", "content": _PROBLEM_CONTENT},
    },
)
def download_export(
    request_id: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    range_header: Annotated[str | None, Header(alias="Range")] = None,
    if_range: Annotated[str | None, Header(alias="If-Range")] = None,
) -> StreamingResponse:
    privacy_request = session.get(PrivacyRequest, request_id)
    if privacy_request is None or privacy_request.user_id != user.id:
        raise _not_found()
    now = settings.clock()
    path, size, sha256 = _ready_export(privacy_request, now)
    etag = f'"{sha256}"'
    digest = base64.b64encode(bytes.fromhex(sha256)).decode("ascii")
    made_on = (privacy_request.completed_at or now).date().isoformat()
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Content-Disposition": f'attachment; filename="privacy-desk-copy-{made_on}.zip"',
        # Both name the digest of the whole file, also on a 206 (RFC 9530 / RFC 3230).
        "Repr-Digest": f"sha-256=:{digest}:",
        "Digest": f"sha-256={digest}",
        "X-Content-Type-Options": "nosniff",
    }
    # A resumed download only continues the same file: If-Range must carry its strong ETag.
    wanted = range_header if if_range is None or if_range.strip() == etag else None
    try:
        byte_range = parse_range(wanted, size)
    except RangeNotSatisfiable:
        raise Problem(
            416,
            "Range not satisfiable",
            f"The copy is {size} bytes long.",
            code="range_not_satisfiable",
            headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"},
        ) from None
    status = 200
    if byte_range is None:
        byte_range = ByteRange(0, size - 1)
    else:
        status = 206
        headers["Content-Range"] = f"bytes {byte_range.first}-{byte_range.last}/{size}"
    headers["Content-Length"] = str(byte_range.length)
    return StreamingResponse(
        _file_chunks(path, byte_range),
        status_code=status,
        media_type="application/zip",
        headers=headers,
    )
