"""Downloading the access copy (R1, R2): whole, resumed after a dropped connection, only by its
owner, only until it expires."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from server.config import Settings
from server.db.database import Database
from server.db.models import PrivacyRequest, new_id
from server.jobs.access_export import ExportResult, build_access_export
from tests.server.helpers import (
    START,
    Account,
    FakeClock,
    assert_problem,
    bearer,
    playback_history,
    sign_in,
)

COPY_LIFETIME = timedelta(days=7)


@pytest.fixture
def settings(database_url: str, clock: FakeClock, tmp_path: Path) -> Settings:
    """Copies land in this test's own folder, never in the real user data directory."""
    return Settings(
        database_url=database_url,
        clock=clock,
        export_dir=tmp_path / "exports",
        # The tests sign in with the password grant; the browser sign-in has its own.
        password_grant=True,
    )


def _file_access_request(
    database: Database, user_id: str, *, status: str = "completed", kind: str = "access"
) -> str:
    request_id = new_id()
    with database.session() as session:
        session.add(
            PrivacyRequest(
                id=request_id,
                user_id=user_id,
                idempotency_key=new_id(),
                kind=kind,
                status=status,
                received_at=START - timedelta(days=1),
                due_at=START + timedelta(days=30),
            )
        )
    return request_id


def _complete_with_copy(database: Database, settings: Settings, request_id: str) -> ExportResult:
    """What the access job does: build the copy, then record it on the request."""
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None and request.user_id is not None
        user_id = request.user_id
    result = build_access_export(database, settings, user_id, request_id)
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None
        request.status = "completed"
        request.completed_at = START
        request.export_file = str(result.path)
        request.export_size = result.size
        request.export_sha256 = result.sha256
        request.export_expires_at = START + COPY_LIFETIME
    return result


@pytest.fixture
def copy(database: Database, settings: Settings, ada: Account) -> tuple[str, ExportResult]:
    """Ada's completed access request and its copy, big enough to be split into ranges."""
    with database.session() as session:
        session.add_all(playback_history(ada.id, 400))
    request_id = _file_access_request(database, ada.id, status="in_progress")
    return request_id, _complete_with_copy(database, settings, request_id)


@pytest.fixture
def ada_token(client: TestClient, ada: Account) -> str:
    token: str = sign_in(client, ada)["access_token"]
    return token


def _download(client: TestClient, token: str, request_id: str, **headers: str) -> httpx.Response:
    path = f"/v1/me/requests/{request_id}/export"
    response: httpx.Response = client.get(path, headers={**bearer(token), **headers})
    return response


def test_owner_downloads_the_whole_copy_with_its_hash_in_the_headers(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    response = _download(client, ada_token, request_id)
    assert response.status_code == 200
    assert response.content == result.path.read_bytes()
    sha256 = hashlib.sha256(response.content).hexdigest()
    assert response.headers["etag"] == f'"{sha256}"'
    assert sha256 == result.sha256
    encoded = base64.b64encode(bytes.fromhex(sha256)).decode()
    assert response.headers["repr-digest"] == f"sha-256=:{encoded}:"
    assert response.headers["digest"] == f"sha-256={encoded}"
    assert response.headers["content-length"] == str(result.size)
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "application/zip"
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="privacy-desk-copy-2025-03-03.zip"'
    )
    assert "no-store" in response.headers["cache-control"]


def test_interrupted_download_resumes_where_it_stopped(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    half = result.size // 2
    first = _download(client, ada_token, request_id, Range=f"bytes=0-{half - 1}")
    assert first.status_code == 206
    assert first.headers["content-range"] == f"bytes 0-{half - 1}/{result.size}"
    assert len(first.content) == half
    etag = first.headers["etag"]

    rest = _download(client, ada_token, request_id, Range=f"bytes={half}-", **{"If-Range": etag})
    assert rest.status_code == 206
    assert rest.headers["content-range"] == f"bytes {half}-{result.size - 1}/{result.size}"
    assert rest.headers["content-length"] == str(result.size - half)
    whole = first.content + rest.content
    assert whole == result.path.read_bytes()
    assert hashlib.sha256(whole).hexdigest() == result.sha256


def test_resuming_against_a_different_copy_sends_the_whole_new_file(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    stale = '"' + "0" * 64 + '"'
    response = _download(client, ada_token, request_id, Range="bytes=100-", **{"If-Range": stale})
    assert response.status_code == 200
    assert "content-range" not in response.headers
    assert response.content == result.path.read_bytes()


def test_suffix_range_returns_the_last_bytes(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    response = _download(client, ada_token, request_id, Range="bytes=-100")
    assert response.status_code == 206
    assert response.content == result.path.read_bytes()[-100:]
    assert response.headers["content-range"] == (
        f"bytes {result.size - 100}-{result.size - 1}/{result.size}"
    )


def test_range_past_the_end_is_refused_with_the_real_length(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    response = _download(client, ada_token, request_id, Range=f"bytes={result.size}-")
    assert_problem(response, 416, "range_not_satisfiable")
    assert response.headers["content-range"] == f"bytes */{result.size}"


def test_range_running_past_the_end_is_cut_at_the_end(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    response = _download(
        client, ada_token, request_id, Range=f"bytes={result.size - 10}-{result.size + 500}"
    )
    assert response.status_code == 206
    assert response.content == result.path.read_bytes()[-10:]


def test_copy_cannot_be_downloaded_after_it_expires(
    client: TestClient, ada: Account, clock: FakeClock, copy: tuple[str, ExportResult]
) -> None:
    request_id, _result = copy
    clock.advance(COPY_LIFETIME)
    token = sign_in(client, ada)["access_token"]
    assert_problem(_download(client, token, request_id), 410, "export_expired")


def test_copy_can_still_be_downloaded_just_before_it_expires(
    client: TestClient, ada: Account, clock: FakeClock, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    clock.advance(COPY_LIFETIME - timedelta(minutes=1))
    token = sign_in(client, ada)["access_token"]
    response = _download(client, token, request_id)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == result.sha256


def test_someone_else_cannot_download_adas_copy_nor_learn_it_exists(
    client: TestClient, bob: Account, copy: tuple[str, ExportResult]
) -> None:
    request_id, _result = copy
    token = sign_in(client, bob)["access_token"]
    theirs = assert_problem(_download(client, token, request_id), 404, "request_not_found")
    unknown = assert_problem(_download(client, token, new_id()), 404, "request_not_found")
    assert theirs == unknown


def test_download_needs_a_signed_in_user(
    client: TestClient, copy: tuple[str, ExportResult]
) -> None:
    request_id, _result = copy
    assert_problem(client.get(f"/v1/me/requests/{request_id}/export"), 401)


def test_copy_still_being_built_answers_not_ready(
    client: TestClient, ada_token: str, database: Database, ada: Account
) -> None:
    request_id = _file_access_request(database, ada.id, status="in_progress")
    body = assert_problem(_download(client, ada_token, request_id), 409, "export_not_ready")
    assert "in progress" in body["detail"]


def test_denied_access_request_has_no_copy(
    client: TestClient, ada_token: str, database: Database, ada: Account
) -> None:
    request_id = _file_access_request(database, ada.id, status="denied")
    assert_problem(_download(client, ada_token, request_id), 409, "no_export")


def test_deletion_request_has_no_copy_to_download(
    client: TestClient, ada_token: str, database: Database, ada: Account
) -> None:
    request_id = _file_access_request(database, ada.id, status="in_progress", kind="deletion")
    assert_problem(_download(client, ada_token, request_id), 404, "no_export")


def test_copy_whose_file_is_gone_says_so_instead_of_failing(
    client: TestClient, ada_token: str, copy: tuple[str, ExportResult]
) -> None:
    request_id, result = copy
    result.path.unlink()
    assert_problem(_download(client, ada_token, request_id), 410, "export_missing")
