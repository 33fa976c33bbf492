from __future__ import annotations

import pytest

from app.core.service_address import (
    REASON_EMPTY,
    REASON_NO_HOST,
    REASON_PLAIN_HTTP,
    REASON_SCHEME,
    InvalidServiceAddress,
    normalise_service_address,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("privacy.example.org", "https://privacy.example.org"),
        ("https://privacy.example.org/", "https://privacy.example.org"),
        ("https://privacy.example.org:8443/api/", "https://privacy.example.org:8443/api"),
        ("  http://127.0.0.1:8765  ", "http://127.0.0.1:8765"),
        ("http://localhost:8765", "http://localhost:8765"),
        ("http://[::1]:8765", "http://[::1]:8765"),
        ("http://127.10.0.3", "http://127.10.0.3"),
    ],
)
def test_usable_addresses_are_normalised(typed: str, expected: str) -> None:
    assert normalise_service_address(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", REASON_EMPTY),
        ("   ", REASON_EMPTY),
        ("http://privacy.example.org", REASON_PLAIN_HTTP),
        ("http://192.168.1.10:8765", REASON_PLAIN_HTTP),
        ("http://localhost.evil.example", REASON_PLAIN_HTTP),
        ("ftp://privacy.example.org", REASON_SCHEME),
        ("https://", REASON_NO_HOST),
    ],
)
def test_unsafe_or_broken_addresses_are_refused_with_a_reason(typed: str, reason: str) -> None:
    with pytest.raises(InvalidServiceAddress) as raised:
        normalise_service_address(typed)
    assert raised.value.reason == reason
