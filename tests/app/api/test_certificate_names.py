"""Is the refused certificate for the address the user typed? (app/api/certificates.covers)

When the app says "this certificate is for another name", it has to be right: the tests give
`covers()` the cases RFC 6125 spells out, and then hold it to OpenSSL's own verdict over a
real handshake (in memory) for generated names and addresses."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api.certificates import covers
from app.api.x509_facts import CertificateFacts, read_certificate

_MOMENT = datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)


def facts(
    dns: tuple[str, ...] = (), ips: tuple[str, ...] = (), common_name: str = ""
) -> CertificateFacts:
    """Just the names of a certificate; the rest does not matter to `covers()`."""
    return CertificateFacts(
        subject=f"CN={common_name}" if common_name else "",
        issuer="CN=Example CA",
        not_before=_MOMENT,
        not_after=_MOMENT,
        dns_names=dns,
        ip_addresses=ips,
        common_names=(common_name,) if common_name else (),
        self_issued=False,
    )


# --- The cases, one by one ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "host", "expected"),
    [
        (("privacy.example.org",), "privacy.example.org", True),
        (("Privacy.Example.ORG",), "privacy.example.org", True),
        (("privacy.example.org",), "PRIVACY.example.Org", True),
        (("privacy.example.org",), "privacy.example.org.", True),
        (("privacy.example.org",), "example.org", False),
        (("privacy.example.org",), "www.privacy.example.org", False),
        (("privacy.example.org",), "privacy.example.org.evil", False),
        (("other.example.org", "privacy.example.org"), "privacy.example.org", True),
    ],
)
def test_a_dns_name_is_matched_whole_whatever_its_case_and_final_dot(
    names: tuple[str, ...], host: str, expected: bool
) -> None:
    assert covers(facts(dns=names), host) is expected


@pytest.mark.parametrize(
    ("pattern", "host", "expected"),
    [
        ("*.example.org", "a.example.org", True),
        ("*.example.org", "A.Example.Org", True),
        ("*.example.org", "example.org", False),
        ("*.example.org", "a.b.example.org", False),
        ("*.example.org", ".example.org", False),
        ("*.example.org", "a.example.com", False),
        ("*.org", "example.org", False),  # one label under the star: far too broad
        ("*", "example", False),
        ("a.*.example.org", "a.b.example.org", False),  # a star only stands leftmost
        ("priv*.example.org", "privacy.example.org", False),  # no partial wildcards
    ],
)
def test_a_wildcard_stands_for_exactly_one_leftmost_label(
    pattern: str, host: str, expected: bool
) -> None:
    assert covers(facts(dns=(pattern,)), host) is expected


@pytest.mark.parametrize(
    ("ips", "host", "expected"),
    [
        (("192.0.2.7",), "192.0.2.7", True),
        (("192.0.2.7",), "192.0.2.8", False),
        (("2001:db8::7",), "2001:db8::7", True),
        (("2001:db8::7",), "2001:DB8:0:0:0:0:0:7", True),
        (("2001:db8::7",), "2001:db8::8", False),
        (("::ffff:192.0.2.7",), "192.0.2.7", False),  # a v6 address is not the v4 one
        (("192.0.2.7", "::1"), "::1", True),
    ],
)
def test_an_address_is_matched_by_the_address_names_as_addresses(
    ips: tuple[str, ...], host: str, expected: bool
) -> None:
    assert covers(facts(ips=ips), host) is expected


@pytest.mark.parametrize("host", ["192.0.2.7", "2001:db8::7", "::1"])
def test_an_address_is_never_matched_by_a_dns_name_or_common_name_spelled_like_it(
    host: str,
) -> None:
    assert not covers(facts(dns=(host,)), host)
    assert not covers(facts(common_name=host), host)
    assert not covers(facts(dns=("*.0.2.7",)), host)


def test_the_common_name_counts_only_for_a_certificate_without_alternative_names() -> None:
    assert covers(facts(common_name="privacy.example.org"), "privacy.example.org")
    assert covers(facts(common_name="*.example.org"), "privacy.example.org")
    assert not covers(
        facts(dns=("other.example.org",), common_name="privacy.example.org"),
        "privacy.example.org",
    )
    assert not covers(facts(common_name=""), "privacy.example.org")


def test_an_international_name_matches_its_ascii_form_either_way_round() -> None:
    assert covers(facts(dns=("xn--bcher-kva.example",)), "bücher.example")
    assert covers(facts(dns=("xn--bcher-kva.example",)), "BÜCHER.example")
    assert covers(facts(dns=("*.xn--bcher-kva.example",)), "shop.bücher.example")
    assert covers(facts(dns=("xn--bcher-kva.example",)), "xn--bcher-kva.example")
    assert not covers(facts(dns=("xn--bcher-kva.example",)), "bucher.example")


def test_nothing_is_covered_by_a_certificate_without_names() -> None:
    assert not covers(facts(), "privacy.example.org")
    assert not covers(facts(), "192.0.2.7")
    assert not covers(facts(), "")


# --- The same verdict as OpenSSL's ----------------------------------------------------------

_AUTHORITY_KEY = ec.generate_private_key(ec.SECP256R1())
_SERVICE_KEY = ec.generate_private_key(ec.SECP256R1())
_AUTHORITY_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Names Test CA")])
_NOW = datetime.datetime.now(datetime.UTC)
_AUTHORITY = (
    x509.CertificateBuilder()
    .subject_name(_AUTHORITY_NAME)
    .issuer_name(_AUTHORITY_NAME)
    .public_key(_AUTHORITY_KEY.public_key())
    .serial_number(x509.random_serial_number())
    .not_valid_before(_NOW - datetime.timedelta(days=1))
    .not_valid_after(_NOW + datetime.timedelta(days=1))
    .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
    .sign(_AUTHORITY_KEY, hashes.SHA256())
)
# Trusts the test authority only, and checks the name the way every HTTPS client does.
_CLIENT = ssl.create_default_context(
    cadata=_AUTHORITY.public_bytes(serialization.Encoding.PEM).decode()
)


def _service_certificate(
    dns: list[str], ips: list[str], common_name: str | None, *more_common_names: str
) -> x509.Certificate:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name)
            for name in (common_name, *more_common_names)
            if name
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(_AUTHORITY_NAME)
        .public_key(_SERVICE_KEY.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_NOW - datetime.timedelta(hours=1))
        .not_valid_after(_NOW + datetime.timedelta(hours=1))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )
    general: list[x509.GeneralName] = [x509.DNSName(name) for name in dns]
    general += [x509.IPAddress(ipaddress.ip_address(address)) for address in ips]
    if general:
        builder = builder.add_extension(x509.SubjectAlternativeName(general), critical=False)
    return builder.sign(_AUTHORITY_KEY, hashes.SHA256())


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder for the service's certificate and key: `ssl` loads them from files."""
    folder = tmp_path_factory.mktemp("names")
    (folder / "service.key").write_bytes(
        _SERVICE_KEY.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    yield folder


def openssl_accepts(workshop: Path, certificate: x509.Certificate, host: str) -> bool:
    """Does a client that trusts the authority, connecting to `host`, accept a service that
    presents `certificate`? One TLS handshake through memory buffers, no socket."""
    certfile = workshop / "service.pem"
    certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certfile, workshop / "service.key")

    to_server, to_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    from_server, from_client = ssl.MemoryBIO(), ssl.MemoryBIO()
    # The app's client (requests, urllib3) drops the host's final dots before `ssl` sees it.
    client = _CLIENT.wrap_bio(to_client, from_client, server_hostname=host.rstrip("."))
    server = server_context.wrap_bio(to_server, from_server, server_side=True)
    client_done = server_done = False
    for _ in range(10):
        if not client_done:
            try:
                client.do_handshake()
                client_done = True
            except ssl.SSLWantReadError:
                pass
            except ssl.SSLCertVerificationError as refusal:
                # Refused for the name, not for anything else about the certificate.
                assert refusal.verify_code in (62, 64), refusal.verify_message
                return False
        to_server.write(from_client.read())
        if not server_done:
            try:
                server.do_handshake()
                server_done = True
            except ssl.SSLWantReadError:
                pass
        to_client.write(from_server.read())
        if client_done and server_done:
            return True
    raise AssertionError("the handshake went nowhere")


def test_the_openssl_handshake_accepts_the_right_name_and_refuses_another(
    workshop: Path,
) -> None:
    certificate = _service_certificate(["privacy.example.org"], ["192.0.2.7"], None)

    assert openssl_accepts(workshop, certificate, "privacy.example.org")
    assert openssl_accepts(workshop, certificate, "192.0.2.7")
    assert not openssl_accepts(workshop, certificate, "other.example.org")
    assert not openssl_accepts(workshop, certificate, "192.0.2.8")


_LABELS = ["a", "b", "www", "privacy", "example", "org", "xn--bcher-kva"]
_ADDRESSES = ["127.0.0.1", "192.0.2.7", "::1", "2001:db8::7", "::ffff:192.0.2.7"]

san_dns_names = st.builds(
    str.__add__,
    st.sampled_from(["", "", "*."]),
    st.lists(st.sampled_from(_LABELS), min_size=1, max_size=3).map(".".join),
).map(lambda name: name if name != "*." else "a")


@st.composite
def names_and_host(
    draw: st.DrawFn,
) -> tuple[list[str], list[str], str | None, str]:
    dns = draw(st.lists(san_dns_names, max_size=3))
    ips = draw(st.lists(st.sampled_from(_ADDRESSES), max_size=2))
    common_name = draw(st.none() | san_dns_names | st.sampled_from(_ADDRESSES))
    written = [*dns, *ips, *([common_name] if common_name else [])]
    near = st.sampled_from(written) if written else st.sampled_from(_ADDRESSES)
    host = draw(
        st.one_of(
            # One of the names as written, or one label away from it.
            near.map(lambda name: name.replace("*", "any", 1)),
            st.tuples(st.sampled_from(_LABELS), near).map(lambda pair: ".".join(pair)),
            near.map(lambda name: name.partition(".")[2] or name),
            # In other letters: upper case, with the root's dot, as unicode.
            near.map(str.upper),
            near.filter(lambda name: name not in _ADDRESSES).map(lambda name: name + "."),
            near.map(lambda name: name.replace("xn--bcher-kva", "bücher")),
            # Or any address.
            st.sampled_from(_ADDRESSES),
        )
    )
    return dns, ips, common_name, host


def _usable_host(host: str) -> bool:
    """A name `ssl` will connect to: no star, no empty label (but the root's final dot)."""
    return "*" not in host and "" not in host.removesuffix(".").split(".")


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(names_and_host().filter(lambda case: _usable_host(case[3])))
def test_covers_agrees_with_openssl_on_whether_the_certificate_is_for_the_host(
    workshop: Path, case: tuple[list[str], list[str], str | None, str]
) -> None:
    dns, ips, common_name, host = case
    certificate = _service_certificate(dns, ips, common_name)
    facts_read = read_certificate(certificate.public_bytes(serialization.Encoding.DER))

    assert covers(facts_read, host) is openssl_accepts(workshop, certificate, host)


# --- Where covers() and OpenSSL once parted ways (found by these tests, issue 17) -----------


def test_a_common_name_beside_only_address_names_is_read_as_openssl_reads_it(
    workshop: Path,
) -> None:
    certificate = _service_certificate([], ["192.0.2.7"], "privacy.example.org")
    facts_read = read_certificate(certificate.public_bytes(serialization.Encoding.DER))

    assert openssl_accepts(workshop, certificate, "privacy.example.org")
    assert covers(facts_read, "privacy.example.org")


@pytest.mark.parametrize(
    ("dns", "common_name"), [(["privacy.example.org."], None), ([], "privacy.example.org.")]
)
def test_a_name_written_with_the_roots_dot_in_the_certificate_is_read_as_openssl_reads_it(
    workshop: Path, dns: list[str], common_name: str | None
) -> None:
    certificate = _service_certificate(dns, [], common_name)
    facts_read = read_certificate(certificate.public_bytes(serialization.Encoding.DER))

    assert not openssl_accepts(workshop, certificate, "privacy.example.org")
    assert not covers(facts_read, "privacy.example.org")


def test_a_unicode_common_name_is_read_as_openssl_reads_it(workshop: Path) -> None:
    certificate = _service_certificate([], [], "bücher.example")
    facts_read = read_certificate(certificate.public_bytes(serialization.Encoding.DER))

    assert not openssl_accepts(workshop, certificate, "bücher.example")
    assert not covers(facts_read, "bücher.example")


def test_every_common_name_counts_as_openssl_counts_them(workshop: Path) -> None:
    certificate = _service_certificate([], [], "privacy.example.org", "other.example.org")
    facts_read = read_certificate(certificate.public_bytes(serialization.Encoding.DER))

    assert openssl_accepts(workshop, certificate, "privacy.example.org")
    assert covers(facts_read, "privacy.example.org")
