"""Why the service's certificate was refused, in terms a person can act on, with the
facts they can check with the service's administrator.

The TLS library refused the connection before anything was sent; it says little more than
an OpenSSL code (and on macOS and Windows not even that). So the app looks at the
certificate itself: it opens one more connection only to read the certificate the service
presents, sends nothing on it, and closes it after the handshake. What it reads is shown to
the user and never trusted: there is no "trust anyway", and nothing is stored.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar
from urllib.parse import urlsplit

from app.api.trust import reading_only_ssl_context
from app.api.x509_facts import CertificateFacts, UnreadableCertificate, read_certificate

Cause = TypeVar("Cause", bound=BaseException)


class CertificateReason(Enum):
    UNTRUSTED = "untrusted"  # vouched for by an authority this computer does not trust
    SELF_SIGNED = "self_signed"  # vouched for by nobody but itself
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"  # valid from a later date (or this computer's clock is off)
    WRONG_NAME = "wrong_name"  # a good certificate, for another name than the address
    NO_SECURE_CONNECTION = "no_secure_connection"  # no TLS at all: plain HTTP, an old version


@dataclass(frozen=True)
class CertificateProblem:
    reason: CertificateReason
    host: str  # the name the app connected to
    sha256: str = ""  # the presented certificate's SHA-256, "AB:CD:…"; "" when not seen
    facts: CertificateFacts | None = None  # None: not seen, or not readable


# OpenSSL's X509_V_ERR_* codes that name one of the reasons; any other is UNTRUSTED.
_OPENSSL_CODES = {
    9: CertificateReason.NOT_YET_VALID,
    10: CertificateReason.EXPIRED,
    18: CertificateReason.SELF_SIGNED,
    62: CertificateReason.WRONG_NAME,  # hostname mismatch
    64: CertificateReason.WRONG_NAME,  # IP address mismatch
}


def certificate_problem(
    error: BaseException, url: str, timeout: float, now: datetime | None = None
) -> CertificateProblem:
    """What went wrong with the TLS connection to `url` that failed with `error`."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    refusal = find_cause(error, ssl.SSLCertVerificationError)
    if refusal is None:
        return CertificateProblem(CertificateReason.NO_SECURE_CONNECTION, host)
    der = presented_certificate(host, parts.port or 443, timeout) if host else None
    if der is None:
        return CertificateProblem(_reason_from_code(refusal), host)
    try:
        facts: CertificateFacts | None = read_certificate(der)
    except UnreadableCertificate:
        facts = None
    reason = _reason_from_facts(facts, host, now or datetime.now(UTC)) if facts else None
    return CertificateProblem(reason or _reason_from_code(refusal), host, fingerprint(der), facts)


def fingerprint(der: bytes) -> str:
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def presented_certificate(host: str, port: int, timeout: float) -> bytes | None:
    """The certificate the service at host:port presents, as DER; None if it cannot be had.
    Read to be shown, never to be trusted: nothing is sent over this connection."""
    context = reading_only_ssl_context()
    try:
        with (
            socket.create_connection((host, port), timeout=timeout) as connection,
            context.wrap_socket(connection, server_hostname=host) as secured,
        ):
            return secured.getpeercert(binary_form=True)
    except (OSError, ValueError):  # ssl.SSLError is an OSError
        return None


def find_cause(error: BaseException, kind: type[Cause]) -> Cause | None:
    """The exception of `kind` somewhere in what requests and urllib3 wrapped around it
    (their arguments, causes and contexts)."""
    seen: set[int] = set()
    waiting: list[object] = [error]
    while waiting:
        current = waiting.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return current
        waiting.extend(current.args)
        waiting.extend((current.__cause__, current.__context__, getattr(current, "reason", None)))
    return None


def _reason_from_code(refusal: ssl.SSLCertVerificationError) -> CertificateReason:
    """OpenSSL's verify code, when the refusal carries one (macOS and Windows give none)."""
    code = getattr(refusal, "verify_code", None)
    if isinstance(code, int):
        return _OPENSSL_CODES.get(code, CertificateReason.UNTRUSTED)
    return CertificateReason.UNTRUSTED


def _reason_from_facts(
    facts: CertificateFacts, host: str, now: datetime
) -> CertificateReason | None:
    """The reason the certificate itself shows, most useful first; None when it shows none
    (then it is the authority behind it that this computer does not trust)."""
    if not covers(facts, host):
        return CertificateReason.WRONG_NAME
    if now < facts.not_before:
        return CertificateReason.NOT_YET_VALID
    if now > facts.not_after:
        return CertificateReason.EXPIRED
    if facts.self_issued:
        return CertificateReason.SELF_SIGNED
    return None


def covers(facts: CertificateFacts, host: str) -> bool:
    """Is the certificate for `host`, as OpenSSL decides it (tested against it)? An address
    against the IP addresses it names; a name against its DNS names, or against its common
    names when it has no DNS name (RFC 6125 6.4.4). A wildcard stands for exactly one
    leftmost label; a final dot on the host is dropped, as urllib3 drops it."""
    host = host.rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        return any(ipaddress.ip_address(ip) == address for ip in facts.ip_addresses)
    wanted = _ascii_name(host)
    names = facts.dns_names or facts.common_names
    # A certificate writes a name in ASCII (IDNA); one that does not matches nothing.
    return any(name.isascii() and _name_matches(name.lower(), wanted) for name in names)


def _ascii_name(name: str) -> str:
    try:
        return name.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return name.lower()


def _name_matches(pattern: str, host: str) -> bool:
    if not pattern:
        return False
    if pattern.startswith("*."):
        first, _dot, rest = host.partition(".")
        return bool(first) and rest == pattern[2:] and "." in rest
    return pattern == host
