"""The few facts of an X.509 certificate a person checks: who it is for, who vouches for it,
when it is valid, the names it covers.

Read from the DER bytes a service presented, which is hostile input: every length is
checked against what is there, and anything this reader does not follow raises
UnreadableCertificate, never another exception. Only what is shown is read: no signature
is checked here (the TLS library did that, and refused).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime


class UnreadableCertificate(ValueError):
    """The bytes are not a certificate this reader can follow."""


@dataclass(frozen=True)
class CertificateFacts:
    subject: str  # "CN=privacy.example.org, O=Example", most specific first (RFC 4514)
    issuer: str
    not_before: datetime  # aware, UTC
    not_after: datetime
    dns_names: tuple[str, ...]  # subjectAltName dNSName entries, as written
    ip_addresses: tuple[str, ...]  # subjectAltName iPAddress entries
    common_names: tuple[str, ...]  # the subject's CNs, in order, as written
    self_issued: bool  # its issuer is its subject: nobody else vouches for it


# Attribute types by their DER-encoded OID, with the short names people know.
_ATTRIBUTE_NAMES = {
    bytes.fromhex("550403"): "CN",
    bytes.fromhex("550406"): "C",
    bytes.fromhex("550407"): "L",
    bytes.fromhex("550408"): "ST",
    bytes.fromhex("55040a"): "O",
    bytes.fromhex("55040b"): "OU",
    bytes.fromhex("550405"): "serialNumber",
    bytes.fromhex("2a864886f70d010901"): "emailAddress",
    bytes.fromhex("0992268993f22c640119"): "DC",
}
_SUBJECT_ALT_NAME = bytes.fromhex("551d11")

_SEQUENCE, _SET, _OID, _OCTET_STRING, _INTEGER = 0x30, 0x31, 0x06, 0x04, 0x02
_UTC_TIME, _GENERALIZED_TIME = 0x17, 0x18
_VERSION, _EXTENSIONS = 0xA0, 0xA3  # [0] and [3], explicit
_DNS_NAME, _IP_ADDRESS = 0x82, 0x87  # GeneralName [2] and [7], implicit
_TEXT_ENCODINGS = {
    0x0C: "utf-8",  # UTF8String
    0x13: "ascii",  # PrintableString
    0x16: "ascii",  # IA5String
    0x12: "ascii",  # NumericString
    0x1A: "ascii",  # VisibleString
    0x14: "latin-1",  # TeletexString, as everyone reads it
    0x1E: "utf-16-be",  # BMPString
    0x1C: "utf-32-be",  # UniversalString
}
# The longest text kept of one value: a crafted certificate cannot fill the screen.
_MAX_TEXT = 4096
# The longest OID read (in bytes): real ones are under 30; a longer one is a crafted one,
# and decoding it costs time that grows with the square of its length.
_MAX_OID = 64


@dataclass(frozen=True)
class _Element:
    tag: int
    content: bytes
    encoded: bytes  # tag, length and content: what two names are compared by


def _elements(data: bytes) -> list[_Element]:
    """The DER elements one after another in `data`, which they must fill exactly."""
    found: list[_Element] = []
    at = 0
    while at < len(data):
        if len(data) - at < 2:
            raise UnreadableCertificate("truncated element")
        tag = data[at]
        if tag & 0x1F == 0x1F:
            raise UnreadableCertificate("high tag number")
        first = data[at + 1]
        at_content = at + 2
        if first < 0x80:
            length = first
        else:
            count = first & 0x7F
            if count == 0 or count > 4 or at_content + count > len(data):
                raise UnreadableCertificate("bad length")
            length = int.from_bytes(data[at_content : at_content + count], "big")
            at_content += count
        end = at_content + length
        if end > len(data):
            raise UnreadableCertificate("element longer than its container")
        found.append(_Element(tag, data[at_content:end], data[at:end]))
        at = end
    return found


def _one(data: bytes, tag: int) -> _Element:
    elements = _elements(data)
    if len(elements) != 1 or elements[0].tag != tag:
        raise UnreadableCertificate("unexpected structure")
    return elements[0]


def _expect(element: _Element, tag: int) -> _Element:
    if element.tag != tag:
        raise UnreadableCertificate(f"expected tag {tag:#x}, found {element.tag:#x}")
    return element


def _text(element: _Element) -> str:
    encoding = _TEXT_ENCODINGS.get(element.tag)
    if encoding is None:
        # RFC 4514's form for a value of another type, cut like any text.
        return "#" + element.encoded[: _MAX_TEXT // 2].hex()
    try:
        text = element.content.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableCertificate("undecodable text") from None
    return text[:_MAX_TEXT]


def _escaped(value: str) -> str:
    """A name's value as RFC 4514 writes it, so that a value cannot pass for more of the
    name ("evil, O=Trusted Bank"); and control or format characters (a newline, a
    right-to-left override) as \\XX, so that a name cannot rearrange itself on screen."""
    out: list[str] = []
    for index, character in enumerate(value):
        if (
            character in '\\"+,;<>'
            or (character in "# " and index == 0)
            or (character == " " and index == len(value) - 1)
        ):
            out.append("\\" + character)
        elif unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp"):
            out.append("".join(f"\\{byte:02X}" for byte in character.encode("utf-8")))
        else:
            out.append(character)
    return "".join(out)


def _oid_text(oid: bytes) -> str:
    """Dotted form of an OID's content bytes, for attribute types without a short name."""
    if not oid or len(oid) > _MAX_OID:
        raise UnreadableCertificate("empty or overlong OID")
    numbers: list[int] = []
    value = 0
    for byte in oid:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            numbers.append(value)
            value = 0
    if oid[-1] & 0x80:
        raise UnreadableCertificate("unterminated OID")
    first = min(numbers[0] // 40, 2)
    return ".".join(str(n) for n in (first, numbers[0] - 40 * first, *numbers[1:]))


def _name(element: _Element) -> tuple[str, tuple[str, ...]]:
    """(the name as people read it, most specific first; its CNs in order, unescaped)."""
    parts: list[str] = []
    common_names: list[str] = []
    for rdn in _elements(_expect(element, _SEQUENCE).content):
        values: list[str] = []
        for attribute in _elements(_expect(rdn, _SET).content):
            kind, value = _elements(_expect(attribute, _SEQUENCE).content)[:2]
            oid = _expect(kind, _OID).content
            text = _text(value)
            label = _ATTRIBUTE_NAMES.get(oid) or _oid_text(oid)
            shown = _escaped(text) if value.tag in _TEXT_ENCODINGS else text  # else #hex
            values.append(f"{label}={shown}")
            if label == "CN":
                common_names.append(text)
        parts.append("+".join(values))
    return ", ".join(reversed(parts)), tuple(common_names)


def _time(element: _Element) -> datetime:
    try:
        text = element.content.decode("ascii")
        if not (text[:-1].isascii() and text[:-1].isdigit()):
            raise UnreadableCertificate("a time is digits and a Z")
        if element.tag == _UTC_TIME and len(text) == 13 and text.endswith("Z"):
            year = int(text[:2])
            text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
        elif not (element.tag == _GENERALIZED_TIME and len(text) == 15 and text.endswith("Z")):
            raise UnreadableCertificate("unexpected time form")
        return datetime.strptime(text, "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
    except (UnicodeDecodeError, ValueError) as error:
        if isinstance(error, UnreadableCertificate):
            raise
        raise UnreadableCertificate("bad time") from None


def _alternative_names(extensions: _Element) -> tuple[tuple[str, ...], tuple[str, ...]]:
    dns_names: list[str] = []
    ip_addresses: list[str] = []
    for extension in _elements(_one(extensions.content, _SEQUENCE).content):
        parts = _elements(_expect(extension, _SEQUENCE).content)
        if not parts or _expect(parts[0], _OID).content != _SUBJECT_ALT_NAME:
            continue
        value = _expect(parts[-1], _OCTET_STRING)
        for general in _elements(_one(value.content, _SEQUENCE).content):
            if general.tag == _DNS_NAME:
                dns_names.append(_text(_Element(0x16, general.content, general.encoded)))
            elif general.tag == _IP_ADDRESS and len(general.content) in (4, 16):
                ip_addresses.append(str(ipaddress.ip_address(general.content)))
    return tuple(dns_names), tuple(ip_addresses)


def read_certificate(der: bytes) -> CertificateFacts:
    """The facts of the certificate in `der`; UnreadableCertificate if it cannot be read."""
    try:
        return _read(der)
    except UnreadableCertificate:
        raise
    except (IndexError, ValueError) as error:  # a structure shorter than a certificate's
        raise UnreadableCertificate(type(error).__name__) from None


def _read(der: bytes) -> CertificateFacts:
    certificate = _one(der, _SEQUENCE)
    tbs = _expect(_elements(certificate.content)[0], _SEQUENCE)
    fields = _elements(tbs.content)
    if fields and fields[0].tag == _VERSION:
        fields = fields[1:]
    _expect(fields[0], _INTEGER)  # serial number
    issuer, _issuer_common_names = _name(fields[2])
    subject, common_names = _name(fields[4])
    validity = _elements(_expect(fields[3], _SEQUENCE).content)
    if len(validity) != 2:
        raise UnreadableCertificate("validity is not two times")
    dns_names: tuple[str, ...] = ()
    ip_addresses: tuple[str, ...] = ()
    for extra in fields[6:]:
        if extra.tag == _EXTENSIONS:
            dns_names, ip_addresses = _alternative_names(extra)
    return CertificateFacts(
        subject=subject,
        issuer=issuer,
        not_before=_time(validity[0]),
        not_after=_time(validity[1]),
        dns_names=dns_names,
        ip_addresses=ip_addresses,
        common_names=common_names,
        self_issued=fields[2].encoded == fields[4].encoded,
    )
