"""How a secret travels between the app and the Secret Service daemon.

The Secret Service API's `dh-ietf1024-sha256-aes128-cbc-pkcs7` algorithm: a
Diffie-Hellman exchange in the 1024-bit MODP group of RFC 2409 §6.2 (generator 2) when
the session opens, HKDF-SHA256 (RFC 5869, no salt, no info) of the shared secret down to
a 16-byte AES key, and each secret sent as AES-128-CBC with PKCS#7 padding under a fresh
IV. The D-Bus session bus is private to the user already; this keeps the secret out of
anything that monitors that bus as well.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

from app.auth.secret_service import libcrypto

ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7"

# RFC 2409 §6.2, the Second Oakley Group: 2^1024 - 2^960 - 1 + 2^64 * ([2^894 pi] + 129093).
MODP_1024_PRIME = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
    16,
)
GENERATOR = 2
NUMBER_BYTES = 128


class TransportError(Exception):
    """The daemon's half of the exchange, or a secret it sent, does not add up."""


def _hkdf_sha256(key_material: bytes, length: int) -> bytes:
    pseudo_random_key = hmac.new(bytes(hashlib.sha256().digest_size), key_material, "sha256")
    return hmac.new(pseudo_random_key.digest(), b"\x01", "sha256").digest()[:length]


@dataclass(frozen=True)
class KeyExchange:
    """Our half of the exchange: send `public_bytes`, then `session_key` with theirs."""

    private: int

    @classmethod
    def start(cls) -> KeyExchange:
        return cls(secrets.randbelow(MODP_1024_PRIME - 3) + 2)

    @property
    def public_bytes(self) -> bytes:
        return pow(GENERATOR, self.private, MODP_1024_PRIME).to_bytes(NUMBER_BYTES, "big")

    def session_key(self, their_public: bytes) -> bytes:
        theirs = int.from_bytes(their_public, "big")
        if len(their_public) > NUMBER_BYTES or not 1 < theirs < MODP_1024_PRIME - 1:
            raise TransportError("the Secret Service sent an impossible public key")
        shared = pow(theirs, self.private, MODP_1024_PRIME).to_bytes(NUMBER_BYTES, "big")
        return _hkdf_sha256(shared, libcrypto.KEY_BYTES)


def seal(key: bytes, secret: bytes) -> tuple[bytes, bytes]:
    """(iv, ciphertext) for a secret going to the daemon."""
    iv = os.urandom(libcrypto.BLOCK_BYTES)
    return iv, libcrypto.encrypt(key, iv, secret)


def open_sealed(key: bytes, iv: bytes, ciphertext: bytes) -> bytes:
    try:
        return libcrypto.decrypt(key, iv, ciphertext)
    except libcrypto.CipherError as error:
        raise TransportError("the Secret Service sent a secret that does not decrypt") from error
