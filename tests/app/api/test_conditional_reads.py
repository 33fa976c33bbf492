"""Reading the requests again is free while nothing changed (issue 15): the client sends the
last ETag as If-None-Match, takes the service's empty 304 as "what you have is current", and
sees an operator's extension as soon as there is one."""

from __future__ import annotations

from datetime import UTC, datetime

import requests

from app.api.client import PrivacyClient
from app.core.requests import RequestKind
from server.db.models import PrivacyRequest as StoredRequest
from server.embedded import EmbeddedService
from server.requests_flow import extend
from tests.conftest import USER_EMAIL, USER_PASSWORD


def test_requests_read_again_unchanged_cost_an_empty_304_and_an_extension_comes_through(
    live_service: EmbeddedService,
) -> None:
    http = requests.Session()
    answers: list[tuple[int, str | None, int]] = []
    http.hooks["response"].append(
        lambda response, *_args, **_kwargs: answers.append(
            (
                response.status_code,
                response.request.headers.get("If-None-Match"),
                len(response.content),
            )
        )
    )
    client = PrivacyClient(live_service.base_url, http=http)
    token = client.password_grant(USER_EMAIL, USER_PASSWORD).access_token
    filed = client.file_request(token, "etag-test", RequestKind.ACCESS, {})

    answers.clear()
    first = client.requests(token)
    again = client.requests(token)
    one = client.request(token, filed.id)
    one_again = client.request(token, filed.id)

    assert again == first and one_again == one
    [(status, sent, _size), (status_again, sent_again, size_again)] = answers[:2]
    assert (status, sent) == (200, None)
    assert status_again == 304 and sent_again and size_again == 0
    assert [status for status, _sent, _size in answers[2:]] == [200, 304]

    with live_service.database.session() as session:
        stored = session.get(StoredRequest, filed.id)
        assert stored is not None
        extend(stored, 1, "A busy season.", now=datetime.now(UTC))

    [extended] = client.requests(token)
    assert answers[-1][0] == 200
    assert extended.due_at > filed.due_at
    assert extended.extension_reason == "A busy season."
    assert client.request(token, filed.id).due_at == extended.due_at


def test_the_choices_and_the_catalog_read_again_unchanged_cost_an_empty_304(
    live_service: EmbeddedService,
) -> None:
    """What the notifications' watcher reads every few minutes (issue 13)."""
    http = requests.Session()
    answers: list[tuple[str, int, int]] = []
    http.hooks["response"].append(
        lambda response, *_args, **_kwargs: answers.append(
            (response.request.path_url, response.status_code, len(response.content))
        )
    )
    client = PrivacyClient(live_service.base_url, http=http)
    token = client.password_grant(USER_EMAIL, USER_PASSWORD).access_token

    answers.clear()
    choices, choices_again = client.choices(token), client.choices(token)
    catalog, catalog_again = client.catalog(), client.catalog()
    assert choices_again == choices and choices_again.etag == choices.etag
    assert catalog_again == catalog
    assert answers == [
        ("/v1/me/choices", 200, answers[0][2]),
        ("/v1/me/choices", 304, 0),
        ("/v1/catalog", 200, answers[2][2]),
        ("/v1/catalog", 304, 0),
    ]

    # Changed on another device: the next read is the new version, in full.
    elsewhere = PrivacyClient(live_service.base_url)
    other_token = elsewhere.password_grant(USER_EMAIL, USER_PASSWORD).access_token
    current = elsewhere.choices(other_token)
    assert current.etag is not None
    elsewhere.change_choices(other_token, current.etag, {"X1": not current.value_of("X1")})
    changed = client.choices(token)
    assert answers[-1][1] == 200
    assert changed.value_of("X1") is not choices.value_of("X1")
    assert changed.etag != choices.etag
