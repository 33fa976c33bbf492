"""Throwaway certificates for TLS tests: a certificate authority made in the test, and
service certificates from it (valid, expired, not yet valid, for another name), or
self-signed. Nothing here is trusted by anyone until a test says so (SSL_CERT_FILE)."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# The names a service on loopback answers to.
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class IssuedCertificate:
    certfile: Path  # PEM: the service's certificate
    keyfile: Path  # PEM: its private key, unencrypted
    der: bytes
    subject: str  # RFC 4514, most specific first, ", " between parts (as the app shows it)
    issuer: str

    @property
    def sha256(self) -> str:
        """The fingerprint a user reads: SHA-256 of the DER, upper-case hex pairs."""
        return ":".join(f"{byte:02X}" for byte in hashlib.sha256(self.der).digest())

    @property
    def tls(self) -> tuple[Path, Path]:
        """(certfile, keyfile), as EmbeddedService and `serve` take them."""
        return self.certfile, self.keyfile


def readable_name(name: x509.Name) -> str:
    """RFC 4514's string of a name with a space after each comma between its parts."""
    return ", ".join(part.rfc4514_string() for part in reversed(name.rdns))


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _name(common_name: str, organisation: str = "Privacy Desk tests") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _alt_names(names: Sequence[str]) -> x509.SubjectAlternativeName:
    general: list[x509.GeneralName] = []
    for name in names:
        try:
            general.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            general.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(general)


def _write(
    directory: Path, stem: str, certificate: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> IssuedCertificate:
    directory.mkdir(parents=True, exist_ok=True)
    certfile, keyfile = directory / f"{stem}.pem", directory / f"{stem}.key"
    certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return IssuedCertificate(
        certfile=certfile,
        keyfile=keyfile,
        der=certificate.public_bytes(serialization.Encoding.DER),
        subject=readable_name(certificate.subject),
        issuer=readable_name(certificate.issuer),
    )


def _server_extensions(
    builder: x509.CertificateBuilder, names: Sequence[str]
) -> x509.CertificateBuilder:
    return (
        builder.add_extension(_alt_names(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )


class TestAuthority:
    """A certificate authority that lives in one folder for one test."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, directory: Path, name: str = "Privacy Desk Test CA") -> None:
        self.directory = directory
        self.name = _name(name)
        self.key = ec.generate_private_key(ec.SECP256R1())
        now = _now()
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _DAY)
            .not_valid_after(now + 30 * _DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        directory.mkdir(parents=True, exist_ok=True)
        self.certfile = directory / "test-ca.pem"
        self.certfile.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))

    def issue(
        self,
        names: Sequence[str] = LOOPBACK_NAMES,
        *,
        stem: str = "service",
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
    ) -> IssuedCertificate:
        """A service certificate for `names` (IP addresses or DNS names), valid from a day
        ago for thirty days unless told otherwise."""
        now = _now()
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(names[0], "Privacy Desk test service"))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - _DAY)
            .not_valid_after(not_after or now + 30 * _DAY)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        certificate = _server_extensions(builder, names).sign(self.key, hashes.SHA256())
        return _write(self.directory, stem, certificate, key)


def self_signed(
    directory: Path, names: Sequence[str] = LOOPBACK_NAMES, *, stem: str = "self-signed"
) -> IssuedCertificate:
    """A service certificate that vouches for itself: its issuer is its subject."""
    now = _now()
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(names[0], "Privacy Desk self-signed service")
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _DAY)
        .not_valid_after(now + 30 * _DAY)
    )
    certificate = _server_extensions(builder, names).sign(key, hashes.SHA256())
    return _write(directory, stem, certificate, key)


def days_from_now(days: float) -> datetime.datetime:
    return _now() + datetime.timedelta(days=days)
