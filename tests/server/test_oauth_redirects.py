"""Which redirect URIs the app may name (RFC 8252 sections 7.3 and 8.3): plain http on a
loopback literal, any port, the registered path; nothing else, however it is spelled."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from server.oauth.clients import PRIVACY_DESK, RegisteredClient

# The one accepted shape, written independently of the code under test.
ACCEPTED = re.compile(r"http://(127\.0\.0\.1|\[::1\]):([1-9][0-9]{0,4})/callback")


def _expected(uri: str) -> bool:
    match = ACCEPTED.fullmatch(uri)
    return match is not None and int(match.group(2)) <= 65535


schemes = st.sampled_from(["http", "https", "HTTP", "ftp", ""])
hosts = st.sampled_from(
    [
        "127.0.0.1",
        "[::1]",
        "localhost",
        "127.0.0.2",
        "[::ffff:127.0.0.1]",
        "0x7f000001",
        "127.1",
        "attacker.example",
        "127.0.0.1.attacker.example",
        "user@127.0.0.1",
        "127.0.0.1@attacker.example",
    ]
)
ports = st.one_of(
    st.integers(min_value=0, max_value=70000).map(str),
    st.sampled_from(["", "080", "+80", " 80", "80 ", "0x50"]),
)
paths = st.sampled_from(
    ["/callback", "/callback/", "/Callback", "/callback/../x", "//callback", "", "/", "/cb"]
)
suffixes = st.sampled_from(["", "?x=1", "#frag", "?", "#", "%2F", "\\@attacker.example"])


@given(schemes, hosts, ports, paths, suffixes)
@example("http", "127.0.0.1", "53682", "/callback", "")
@example("http", "[::1]", "1", "/callback", "")
@example("http", "127.0.0.1", "65535", "/callback", "")
@example("http", "127.0.0.1", "65536", "/callback", "")
def test_only_loopback_http_with_a_port_and_the_registered_path_is_accepted(
    scheme: str, host: str, port: str, path: str, suffix: str
) -> None:
    uri = f"{scheme}://{host}" + (f":{port}" if port else "") + path + suffix
    assert PRIVACY_DESK.accepts_redirect(uri) is _expected(uri), uri


@given(st.text(max_size=80))
def test_no_other_text_is_ever_accepted(text: str) -> None:
    assert PRIVACY_DESK.accepts_redirect(text) is _expected(text)


@given(st.integers(min_value=1, max_value=65535), st.sampled_from(["127.0.0.1", "[::1]"]))
def test_every_port_on_both_loopback_addresses_is_accepted(port: int, host: str) -> None:
    assert PRIVACY_DESK.accepts_redirect(f"http://{host}:{port}/callback")


def test_a_client_with_a_fixed_redirect_accepts_that_one_exactly() -> None:
    web = RegisteredClient("web", "Web", exact_redirects=("https://app.example/done",))
    assert web.accepts_redirect("https://app.example/done")
    assert not web.accepts_redirect("https://app.example/done/")
    assert not web.accepts_redirect("https://app.example/done?x=1")
    assert not web.accepts_redirect("http://127.0.0.1:5000/done")
