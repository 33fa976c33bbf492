"""The certificate facts a refused service is explained with (app/api/x509_facts.py).

The app reads them from the DER bytes the service presented, without `cryptography`; the
tests hold the reader to what `cryptography` (a dev dependency) says of the same bytes, and
feed it what a hostile service could present instead of a certificate."""

from __future__ import annotations

import datetime
import ipaddress
import sys
import time
import unicodedata
from collections.abc import Callable

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api.certificates import fingerprint
from app.api.x509_facts import CertificateFacts, UnreadableCertificate, read_certificate

UTC = datetime.UTC

# Key generation is slow; these sign every certificate of this module.
AUTHORITY_KEY = ec.generate_private_key(ec.SECP256R1())
SERVICE_KEY = ec.generate_private_key(ec.SECP256R1())

# The reader's short names where `cryptography` writes the dotted OID.
SHORT_NAMES = {NameOID.EMAIL_ADDRESS: "emailAddress", NameOID.SERIAL_NUMBER: "serialNumber"}

# Characters RFC 4514 escapes (as `cryptography` does): left out of generated values, so
# that a name written by both sides can be compared whole. Escaping has its own test.
ESCAPED = '\\"+,;<>\x00'


def _unescaped(value: str) -> str:
    """`value` without what RFC 4514 escapes at its ends (a leading '#', outer spaces)."""
    value = value.strip(" ").lstrip("#").strip(" ")
    return value or "x"


def _text(alphabet: st.SearchStrategy[str], max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size).map(_unescaped)


printable_ascii = st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters=ESCAPED)
any_unicode = st.characters(codec="utf-8", exclude_characters=ESCAPED)  # no lone surrogates
free_text = st.one_of(_text(printable_ascii), _text(any_unicode))
# At most 64 bytes of UTF-8 (RFC 5280's upper bound, which `cryptography` enforces).
common_names = st.one_of(_text(printable_ascii, 64), _text(any_unicode, 16))
letters_and_digits = st.characters(
    categories=("Lu", "Ll", "Nd"), max_codepoint=0x7A, exclude_characters=ESCAPED
)

unknown_types = st.one_of(
    # Under a private enterprise arc: never one of the attribute types the reader names.
    st.lists(st.integers(0, 2**80), min_size=1, max_size=4).map(
        lambda arcs: x509.ObjectIdentifier(".".join(map(str, (1, 3, 6, 1, 4, 1, 99999, *arcs))))
    ),
    # Under joint-iso-itu-t with a second arc of 40 or more, which shares its first byte.
    st.tuples(st.integers(40, 2**40), st.integers(0, 2**20)).map(
        lambda arcs: x509.ObjectIdentifier(f"2.{arcs[0]}.{arcs[1]}")
    ),
)

attributes = st.one_of(
    common_names.map(lambda v: x509.NameAttribute(NameOID.COMMON_NAME, v)),
    free_text.map(lambda v: x509.NameAttribute(NameOID.ORGANIZATION_NAME, v)),
    free_text.map(lambda v: x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, v)),
    free_text.map(lambda v: x509.NameAttribute(NameOID.LOCALITY_NAME, v)),
    free_text.map(lambda v: x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, v)),
    st.text(
        st.characters(min_codepoint=ord("A"), max_codepoint=ord("Z")), min_size=2, max_size=2
    ).map(lambda v: x509.NameAttribute(NameOID.COUNTRY_NAME, v)),
    _text(printable_ascii).map(lambda v: x509.NameAttribute(NameOID.EMAIL_ADDRESS, v)),
    _text(letters_and_digits, 20).map(lambda v: x509.NameAttribute(NameOID.DOMAIN_COMPONENT, v)),
    _text(letters_and_digits, 20).map(lambda v: x509.NameAttribute(NameOID.SERIAL_NUMBER, v)),
    st.builds(x509.NameAttribute, unknown_types, free_text),
)
names = st.lists(attributes, max_size=8).map(x509.Name)

dns_labels = st.text(
    st.characters(categories=("Lu", "Ll", "Nd"), max_codepoint=0x7A) | st.just("-"),
    min_size=1,
    max_size=12,
)
dns_names = st.lists(dns_labels, min_size=1, max_size=4).map(".".join)
wildcard_or_not = st.sampled_from(["", "*."])
alternative_dns_names = st.lists(st.builds(str.__add__, wildcard_or_not, dns_names), max_size=5)
alternative_ip_addresses = st.lists(st.ip_addresses(), max_size=3)

# Validity from 1950 to 2100; UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280).
_EDGES = [
    datetime.datetime(1950, 1, 1, tzinfo=UTC),
    datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime.datetime(2000, 1, 1, tzinfo=UTC),
    datetime.datetime(2049, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime.datetime(2050, 1, 1, tzinfo=UTC),
    datetime.datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC),
]
moments = st.one_of(
    st.sampled_from(_EDGES),
    st.datetimes(
        min_value=datetime.datetime(1950, 1, 1),
        max_value=datetime.datetime(2100, 12, 31, 23, 59, 59),
    ).map(lambda moment: moment.replace(microsecond=0, tzinfo=UTC)),
)


def _certificate(
    subject: x509.Name,
    issuer: x509.Name | None,
    validity: tuple[datetime.datetime, datetime.datetime],
    dns: list[str],
    ips: list[ipaddress.IPv4Address | ipaddress.IPv6Address],
) -> x509.Certificate:
    """Self-signed when `issuer` is None, else vouched for by a generated authority."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer)
        .public_key(SERVICE_KEY.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(validity))
        .not_valid_after(max(validity))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    general: list[x509.GeneralName] = [x509.DNSName(name) for name in dns]
    general += [x509.IPAddress(address) for address in ips]
    if general:
        builder = builder.add_extension(x509.SubjectAlternativeName(general), critical=False)
    return builder.sign(SERVICE_KEY if issuer is None else AUTHORITY_KEY, hashes.SHA256())


def _as_shown(name: x509.Name) -> str:
    """What `cryptography` writes for `name`, most specific first, with the reader's ', '
    between relative names (RFC 4514 has ',': the reader's is for people to read), and
    control and format characters as \\XX of their UTF-8 (which `cryptography` leaves as
    they are, except NUL): a name shown to a person must not rearrange itself."""
    written = ", ".join(rdn.rfc4514_string(SHORT_NAMES) for rdn in reversed(name.rdns))
    return "".join(_visible(character) for character in written.replace("\\00", "\x00"))


def _visible(character: str) -> str:
    if unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp"):
        return "".join(f"\\{byte:02X}" for byte in character.encode("utf-8"))
    return character


def _der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=names,
    issuer=st.none() | names,
    validity=st.tuples(moments, moments),
    dns=alternative_dns_names,
    ips=alternative_ip_addresses,
)
def test_the_facts_shown_are_the_ones_cryptography_reads_from_the_same_certificate(
    subject: x509.Name,
    issuer: x509.Name | None,
    validity: tuple[datetime.datetime, datetime.datetime],
    dns: list[str],
    ips: list[ipaddress.IPv4Address | ipaddress.IPv6Address],
) -> None:
    certificate = _certificate(subject, issuer, validity, dns, ips)

    facts = read_certificate(_der(certificate))

    assert facts.subject == _as_shown(certificate.subject)
    assert facts.issuer == _as_shown(certificate.issuer)
    assert facts.not_before == certificate.not_valid_before_utc
    assert facts.not_after == certificate.not_valid_after_utc
    assert facts.dns_names == tuple(dns)
    assert facts.ip_addresses == tuple(str(address) for address in ips)
    written = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert facts.common_names == tuple(str(attribute.value) for attribute in written)
    assert facts.self_issued == (certificate.issuer == certificate.subject)


def test_the_fingerprint_is_the_sha256_a_person_compares_with_their_administrator() -> None:
    certificate = _certificate(x509.Name([]), None, (_EDGES[2], _EDGES[4]), ["a.example"], [])

    shown = fingerprint(_der(certificate))

    assert shown == certificate.fingerprint(hashes.SHA256()).hex(":").upper()
    assert len(shown) == 32 * 3 - 1


def test_a_typical_service_certificate_reads_as_a_person_would_write_it() -> None:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Voorbeeld B.V."),
            x509.NameAttribute(NameOID.COMMON_NAME, "privacy.example.org"),
        ]
    )
    moment = datetime.datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
    certificate = _certificate(
        name,
        None,
        (moment, moment + datetime.timedelta(days=90)),
        ["privacy.example.org", "*.privacy.example.org"],
        [ipaddress.ip_address("192.0.2.7"), ipaddress.ip_address("2001:db8::7")],
    )

    assert read_certificate(_der(certificate)) == CertificateFacts(
        subject="CN=privacy.example.org, O=Voorbeeld B.V., C=NL",
        issuer="CN=privacy.example.org, O=Voorbeeld B.V., C=NL",
        not_before=moment,
        not_after=moment + datetime.timedelta(days=90),
        dns_names=("privacy.example.org", "*.privacy.example.org"),
        ip_addresses=("192.0.2.7", "2001:db8::7"),
        common_names=("privacy.example.org",),
        self_issued=True,
    )


# --- What a hostile service can present instead of a certificate ---------------------------


def _read_or_refuse(data: bytes) -> CertificateFacts | None:
    """The facts, or None when the reader says it cannot follow the bytes; any other
    exception fails the test."""
    try:
        return read_certificate(data)
    except UnreadableCertificate:
        return None


def _sample_certificates() -> list[bytes]:
    moment = datetime.datetime(2030, 6, 1, tzinfo=UTC)
    named = x509.Name(
        [
            x509.NameAttribute(NameOID.DOMAIN_COMPONENT, "org"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bücher & Co"),
            x509.NameAttribute(NameOID.EMAIL_ADDRESS, "admin@example.org"),
            x509.NameAttribute(NameOID.COMMON_NAME, "privacy.example.org"),
        ]
    )
    return [
        _der(
            _certificate(
                named,
                x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example CA")]),
                (moment, datetime.datetime(2060, 1, 1, tzinfo=UTC)),
                ["privacy.example.org", "*.example.org"],
                [ipaddress.ip_address("10.0.0.1"), ipaddress.ip_address("::1")],
            )
        ),
        _der(_certificate(named, None, (moment, moment), [], [])),
    ]


SAMPLES = _sample_certificates()


def _truncated(der: bytes, at: int) -> bytes:
    return der[: at % (len(der) + 1)]


def _flipped(der: bytes, at: int, mask: int) -> bytes:
    if not der:
        return der
    at %= len(der)
    return der[:at] + bytes([der[at] ^ mask]) + der[at + 1 :]


def _inserted(der: bytes, at: int, extra: bytes) -> bytes:
    at %= len(der) + 1
    return der[:at] + extra + der[at:]


Mutation = Callable[[bytes], bytes]
mutations: st.SearchStrategy[Mutation] = st.one_of(
    st.integers(0, 2**16).map(lambda at: lambda der: _truncated(der, at)),
    st.tuples(st.integers(0, 2**16), st.integers(1, 255)).map(
        lambda flip: lambda der: _flipped(der, *flip)
    ),
    st.tuples(st.integers(0, 2**16), st.binary(min_size=1, max_size=8)).map(
        lambda insert: lambda der: _inserted(der, *insert)
    ),
)

# Each read is microseconds; a deadline this long only catches a reader that runs away.
_HOSTILE = settings(max_examples=300, deadline=datetime.timedelta(seconds=1))


@_HOSTILE
@given(st.binary(max_size=2048))
def test_any_bytes_give_facts_or_the_readers_own_refusal(data: bytes) -> None:
    _read_or_refuse(data)


@_HOSTILE
@given(st.binary(max_size=600))
def test_any_bytes_inside_an_outer_sequence_give_facts_or_the_readers_own_refusal(
    data: bytes,
) -> None:
    _read_or_refuse(_tlv(0x30, _tlv(0x30, data)))


@_HOSTILE
@given(st.sampled_from(SAMPLES), st.lists(mutations, min_size=1, max_size=4))
def test_a_damaged_certificate_gives_facts_or_the_readers_own_refusal(
    der: bytes, damage: list[Mutation]
) -> None:
    for mutate in damage:
        der = mutate(der)

    facts = _read_or_refuse(der)

    if facts is not None:
        assert isinstance(facts.subject, str) and isinstance(facts.not_after, datetime.datetime)


def _tlv(tag: int, content: bytes) -> bytes:
    """One DER element: tag, definite length, content."""
    if len(content) < 0x80:
        return bytes([tag, len(content)]) + content
    size = len(content).to_bytes((len(content).bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def _name_with(kind: bytes, value: bytes) -> bytes:
    """A name of one attribute: `kind` is the OID's content, `value` a whole element."""
    return _tlv(0x30, _tlv(0x31, _tlv(0x30, _tlv(0x06, kind) + value)))


COMMON_NAME = bytes.fromhex("550403")
_ALGORITHM = _tlv(0x30, _tlv(0x06, bytes.fromhex("2a8648ce3d040302")))  # ecdsa-with-SHA256


def _hand_made(
    subject: bytes = _name_with(COMMON_NAME, _tlv(0x0C, b"privacy.example.org")),
    issuer: bytes | None = None,
    extensions: bytes = b"",
    not_before: bytes = _tlv(0x17, b"261202060000Z"),
) -> bytes:
    """A certificate's shape, just what the reader follows (no key, no valid signature)."""
    validity = _tlv(0x30, not_before + _tlv(0x18, b"20270302060000Z"))
    tbs = (
        _tlv(0xA0, _tlv(0x02, b"\x02"))
        + _tlv(0x02, b"\x01")
        + _ALGORITHM
        + (subject if issuer is None else issuer)
        + validity
        + subject
        + _tlv(0x30, _ALGORITHM + _tlv(0x03, b"\x00\x04"))
        + extensions
    )
    return _tlv(0x30, _tlv(0x30, tbs) + _ALGORITHM + _tlv(0x03, b"\x00"))


def test_the_hand_made_shape_reads_so_the_nasties_below_test_what_they_say() -> None:
    facts = read_certificate(_hand_made())

    assert facts.subject == "CN=privacy.example.org"
    assert facts.not_after == datetime.datetime(2027, 3, 2, 6, 0, tzinfo=UTC)
    assert facts.self_issued


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x30\x85\x01\x00\x00\x00\x00" + b"\x00" * 64, id="length of 2**32"),
        pytest.param(b"\x30\x84\xff\xff\xff\xff" + b"\x00" * 64, id="length of 2**32-1"),
        pytest.param(b"\x30\x80" + _tlv(0x02, b"\x01") + b"\x00\x00", id="indefinite length"),
        pytest.param(b"\x3f\x81\x00\x00", id="high tag number"),
        pytest.param(_tlv(0x30, b"\x1f\x81\x00\x00"), id="high tag number inside"),
        pytest.param(b"", id="nothing"),
        pytest.param(b"\x30", id="a tag alone"),
        pytest.param(_hand_made() + b"\x00", id="a byte after the certificate"),
        pytest.param(_tlv(0x30, _tlv(0x30, b"")), id="an empty certificate"),
    ],
)
def test_a_malformed_encoding_is_refused_by_the_reader(data: bytes) -> None:
    with pytest.raises(UnreadableCertificate):
        read_certificate(data)


def _nested_sequences(depth: int, innermost: bytes = b"") -> bytes:
    data = innermost
    for _ in range(depth):
        data = _tlv(0x30, data)
    return data


@pytest.mark.parametrize("where", ["certificate", "subject", "extensions"])
def test_sequences_nested_ten_thousand_deep_are_refused_without_recursing(where: str) -> None:
    deep = _nested_sequences(10_000)
    assert sys.getrecursionlimit() < 10_000  # a reader that recursed would fail here
    data = {
        "certificate": deep,
        "subject": _hand_made(subject=_tlv(0x30, deep)),
        "extensions": _hand_made(extensions=_tlv(0xA3, deep)),
    }[where]

    started = time.perf_counter()
    with pytest.raises(UnreadableCertificate):
        read_certificate(data)
    assert time.perf_counter() - started < 1.0


def test_a_megabyte_name_is_read_and_cut_to_what_a_screen_shows() -> None:
    huge = "ä" * 500_000  # one megabyte of UTF-8
    data = _hand_made(subject=_name_with(COMMON_NAME, _tlv(0x0C, huge.encode())))

    started = time.perf_counter()
    facts = read_certificate(data)

    assert time.perf_counter() - started < 1.0
    assert facts.common_names == (huge[:4096],)
    assert facts.subject == "CN=" + huge[:4096]


def test_a_megabyte_of_names_in_the_alternative_names_is_read_in_time() -> None:
    many = b"".join(_tlv(0x82, b"a.example.org") for _ in range(70_000))
    alternative = _tlv(0x30, _tlv(0x06, bytes.fromhex("551d11")) + _tlv(0x04, _tlv(0x30, many)))
    data = _hand_made(extensions=_tlv(0xA3, _tlv(0x30, alternative)))

    started = time.perf_counter()
    facts = read_certificate(data)

    assert time.perf_counter() - started < 2.0
    assert len(facts.dns_names) == 70_000


def test_a_megabyte_value_of_another_type_is_cut_too() -> None:
    value = _tlv(0x04, b"\x00" * 1_000_000)  # an OCTET STRING, shown the RFC 4514 '#' way
    facts = read_certificate(_hand_made(subject=_name_with(COMMON_NAME, value)))

    assert len(facts.subject) <= len("CN=#") + 4096


def test_a_long_attribute_type_is_refused_in_time() -> None:
    long_type = b"\xff" * 100_000 + b"\x01"  # one arc of 700,000 bits
    data = _hand_made(subject=_name_with(long_type, _tlv(0x0C, b"x")))

    started = time.perf_counter()
    _read_or_refuse(data)

    assert time.perf_counter() - started < 0.2


def test_a_value_cannot_pass_for_another_attribute_in_the_name_shown() -> None:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evil, O=Trusted Bank")])
    certificate = _certificate(name, None, (_EDGES[2], _EDGES[4]), [], [])

    facts = read_certificate(_der(certificate))

    assert facts.subject == _as_shown(certificate.subject) == r"CN=evil\, O=Trusted Bank"


@pytest.mark.parametrize("written", [b"-10101000000Z", b"+90101000000Z", b" 90101000000Z"])
def test_a_time_that_is_not_all_digits_is_refused(written: bytes) -> None:
    with pytest.raises(UnreadableCertificate):
        read_certificate(_hand_made(not_before=_tlv(0x17, written)))
