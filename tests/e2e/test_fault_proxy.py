"""The fault proxy itself: each kind of fault as a plain `requests` client sees it."""

from __future__ import annotations

import contextlib
import hashlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from server.jobs.worker import run_worker
from tests.conftest import USER_EMAIL, USER_PASSWORD
from tests.support import fault_proxy as fp
from tests.support.fault_proxy import FaultProxy
from tests.support.file_keyring import FileKeyring


@pytest.fixture
def proxy(live_service: EmbeddedService) -> Iterator[FaultProxy]:
    with FaultProxy(live_service.base_url, seed=1) as running:
        yield running


@pytest.fixture
def token(proxy: FaultProxy) -> str:
    answer = requests.post(
        proxy.base_url + "/v1/auth/token",
        data={"grant_type": "password", "username": USER_EMAIL, "password": USER_PASSWORD},
        timeout=10,
    )
    assert answer.status_code == 200
    return str(answer.json()["access_token"])


def file_access(proxy: FaultProxy, token: str, key: str) -> requests.Response:
    return requests.post(
        proxy.base_url + "/v1/me/requests",
        json={"kind": "access"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        timeout=10,
    )


def filed(service: EmbeddedService, key: str) -> int:
    with service.database.session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(StoredRequest)
                .where(StoredRequest.idempotency_key == key)
            )
            or 0
        )


def test_passes_calls_through_and_keeps_the_connection_alive(proxy: FaultProxy) -> None:
    with requests.Session() as http:
        for _ in range(3):
            answer = http.get(proxy.base_url + "/v1/catalog", timeout=10)
            assert answer.status_code == 200
            assert answer.json()["choices"]
    assert proxy.connections_accepted == 1
    assert proxy.injected[fp.PASS] == 3
    assert proxy.log[0] == ("GET /v1/catalog HTTP/1.1", fp.PASS)


def test_a_chunked_request_body_arrives_whole(proxy: FaultProxy) -> None:
    form = f"grant_type=password&username={USER_EMAIL}&password={USER_PASSWORD}"
    pieces = iter([form[:10].encode(), form[10:].encode()])
    answer = requests.post(
        proxy.base_url + "/v1/auth/token",
        data=pieces,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["access_token"]


def test_a_delay_slows_the_answer_but_it_arrives(proxy: FaultProxy) -> None:
    proxy.delay_range = (0.3, 0.3)
    proxy.force(fp.DELAY)
    started = time.monotonic()
    answer = requests.get(proxy.base_url + "/v1/catalog", timeout=10)
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.29
    assert proxy.injected[fp.DELAY] == 1


def test_a_reset_before_forwarding_reaches_nothing(
    proxy: FaultProxy, token: str, live_service: EmbeddedService
) -> None:
    key = str(uuid.uuid4())
    proxy.force(fp.RESET_BEFORE)
    with pytest.raises(requests.exceptions.ConnectionError):
        file_access(proxy, token, key)
    assert filed(live_service, key) == 0


def test_a_reset_after_forwarding_loses_the_answer_of_an_applied_call(
    proxy: FaultProxy, token: str, live_service: EmbeddedService
) -> None:
    key = str(uuid.uuid4())
    proxy.force(fp.RESET_AFTER)
    with pytest.raises(requests.exceptions.ConnectionError):
        file_access(proxy, token, key)
    assert filed(live_service, key) == 1
    # The same key again: the service answers with the request it already filed.
    assert file_access(proxy, token, key).status_code == 200
    assert filed(live_service, key) == 1


def test_a_cut_body_stops_half_way(proxy: FaultProxy) -> None:
    proxy.force(fp.CUT_BODY)
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    ):
        requests.get(proxy.base_url + "/v1/catalog", timeout=10)
    assert proxy.injected[fp.CUT_BODY] == 1


@pytest.mark.parametrize("fault", fp.ERROR_FAULTS)
def test_error_statuses_with_html_or_empty_bodies_before_or_after_the_service(
    proxy: FaultProxy, token: str, live_service: EmbeddedService, fault: str
) -> None:
    key = str(uuid.uuid4())
    proxy.force(fault)
    answer = file_access(proxy, token, key)
    assert answer.status_code == int(fault[:3])
    if "_html_" in fault:
        assert answer.headers["Content-Type"].startswith("text/html")
        assert answer.text.startswith("<!DOCTYPE html>")
    else:
        assert answer.content == b""
    assert filed(live_service, key) == (1 if fault.endswith("_after") else 0)
    # The connection stays usable after an error page.
    assert requests.get(proxy.base_url + "/v1/catalog", timeout=10).status_code == 200


def test_malformed_json_comes_with_200_after_the_service_applied_the_call(
    proxy: FaultProxy, token: str, live_service: EmbeddedService
) -> None:
    key = str(uuid.uuid4())
    proxy.force(fp.MALFORMED_JSON)
    answer = file_access(proxy, token, key)
    assert answer.status_code == 200
    with pytest.raises(ValueError):
        answer.json()
    assert filed(live_service, key) == 1


def test_offline_refuses_every_connection_until_online_again(proxy: FaultProxy) -> None:
    with requests.Session() as http:
        assert http.get(proxy.base_url + "/v1/catalog", timeout=10).status_code == 200
        proxy.go_offline()
        for _ in range(2):
            with pytest.raises(requests.exceptions.ConnectionError):
                http.get(proxy.base_url + "/v1/catalog", timeout=10)
        proxy.go_online()
        assert http.get(proxy.base_url + "/v1/catalog", timeout=10).status_code == 200
    # The first call may die on its kept-alive connection, which going offline reset, before
    # it reaches the proxy; the second has to open a new one, and that one is refused.
    assert proxy.injected[fp.OFFLINE] >= 1
    assert (fp.OFFLINE_CONNECTION, fp.OFFLINE) in proxy.log


def test_faults_are_drawn_from_the_seed_only_on_api_calls(live_service: EmbeddedService) -> None:
    def run(seed: int) -> list[tuple[str, str]]:
        with FaultProxy(live_service.base_url, seed=seed) as proxy:
            proxy.faults_on(0.6)
            with requests.Session() as http:
                for _ in range(30):
                    with contextlib.suppress(requests.exceptions.RequestException):
                        http.get(proxy.base_url + "/v1/catalog", timeout=10)
                http.get(proxy.base_url + "/openapi.json", timeout=10).raise_for_status()
            proxy.faults_off()
            assert proxy.log[-1] == ("GET /openapi.json HTTP/1.1", fp.PASS)
            assert sum(proxy.injected.values()) == 31
            return proxy.log

    first = run(5)
    assert first == run(5)
    assert first != run(6)
    assert len({fault for _line, fault in first}) > 3


def test_downloads_stream_resume_with_range_and_are_only_ever_cut(
    proxy: FaultProxy, token: str, live_service: EmbeddedService, tmp_path: Path
) -> None:
    key = str(uuid.uuid4())
    request_id = file_access(proxy, token, key).json()["id"]
    settings = replace(live_service.settings, export_dir=tmp_path / "exports")
    auth = {"Authorization": f"Bearer {token}"}
    export = None
    for _ in range(10):
        run_worker(live_service.database, settings, once=True, schedule_retention=False)
        view = requests.get(
            f"{proxy.base_url}/v1/me/requests/{request_id}", headers=auth, timeout=10
        ).json()
        export = view["export"]
        if export:
            break
    assert export, "the worker did not complete the access request"
    url = proxy.base_url + export["url"]
    whole = requests.get(url, headers=auth, stream=True, timeout=10)
    assert whole.status_code == 200
    content = b"".join(whole.iter_content(4096))
    assert len(content) == export["size"]
    assert hashlib.sha256(content).hexdigest() == export["sha256"]

    proxy.force(fp.MALFORMED_JSON)  # never altered bytes for a download: a cut instead
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    ):
        b"".join(requests.get(url, headers=auth, stream=True, timeout=10).iter_content(4096))
    assert proxy.log[-1][1] == fp.CUT_BODY

    half = len(content) // 2
    rest = requests.get(url, headers={**auth, "Range": f"bytes={half}-"}, timeout=10)
    assert rest.status_code == 206
    assert rest.content == content[half:]


def test_the_file_keyring_keeps_entries_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "keyring.json"
    first = FileKeyring(path)
    first.set_password("privacy-desk", "account", "secret")
    assert FileKeyring(path).get_password("privacy-desk", "account") == "secret"
    FileKeyring(path).delete_password("privacy-desk", "account")
    assert first.get_password("privacy-desk", "account") is None


def test_a_fault_forced_for_one_route_leaves_other_calls_alone(proxy: FaultProxy) -> None:
    proxy.force(fp.RESET_BEFORE, method="POST", path="/v1/auth/revoke")
    with requests.Session() as http:
        assert http.get(proxy.base_url + "/v1/catalog", timeout=10).status_code == 200
        with pytest.raises(requests.exceptions.ConnectionError):
            http.post(proxy.base_url + "/v1/auth/revoke", data={"token": "x"}, timeout=10)
        assert http.get(proxy.base_url + "/v1/catalog", timeout=10).status_code == 200
