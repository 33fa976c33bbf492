"""The Secret Service session's cryptography, against independent implementations:
AES-128-CBC from CPython's libcrypto against `cryptography`, and the key exchange against
`secretstorage`'s (the client keyring's own backend uses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given
from hypothesis import strategies as st
from secretstorage.dhcrypto import Session

from app.auth.secret_service import libcrypto, transport

KEYS = st.binary(min_size=16, max_size=16)
SECRETS = st.binary(max_size=300)


def reference_encrypt(key: bytes, iv: bytes, plaintext: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


@given(key=KEYS, iv=KEYS, plaintext=SECRETS)
def test_aes_cbc_matches_an_independent_implementation(
    key: bytes, iv: bytes, plaintext: bytes
) -> None:
    sealed = libcrypto.encrypt(key, iv, plaintext)

    assert sealed == reference_encrypt(key, iv, plaintext)
    assert len(sealed) % 16 == 0 and len(sealed) > len(plaintext)
    assert libcrypto.decrypt(key, iv, sealed) == plaintext


def test_fips_197_known_answer_through_cbc_with_a_zero_iv() -> None:
    # FIPS-197 appendix C.1: AES-128 of 00112233...ff under 000102...0f. With a zero IV,
    # CBC's first block is that block cipher output; the second is the PKCS#7 padding block.
    key = bytes(range(16))
    block = bytes.fromhex("00112233445566778899aabbccddeeff")

    sealed = libcrypto.encrypt(key, bytes(16), block)

    assert sealed[:16].hex() == "69c4e0d86a7b0430d8cdb78070b4c55a"


@pytest.mark.parametrize(
    ("key", "iv", "data"),
    [
        (bytes(15), bytes(16), b"x"),  # short key
        (bytes(16), bytes(8), b"x"),  # short IV
        (bytes(16), bytes(16), bytes(15)),  # not whole blocks: cannot have come from CBC
    ],
)
def test_what_cannot_be_decrypted_raises_cipher_error(key: bytes, iv: bytes, data: bytes) -> None:
    with pytest.raises(libcrypto.CipherError):
        libcrypto.decrypt(key, iv, data)


def test_the_libcrypto_used_is_the_one_cpython_loaded(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.write_text(
        "7f00-7f01 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libssl.so.3\n"
        "7f02-7f03 r-xp 00000000 08:01 2 /opt/app/_internal/libcrypto.so.3\n"
        "7f04-7f05 rw-p 00000000 00:00 0 \n",
        encoding="utf-8",
    )
    assert libcrypto.loaded_libcrypto_path(maps) == "/opt/app/_internal/libcrypto.so.3"
    maps.write_text("7f04-7f05 rw-p 00000000 00:00 0 [heap]\n", encoding="utf-8")
    assert libcrypto.loaded_libcrypto_path(maps) is None
    assert libcrypto.available()


def test_both_sides_of_the_exchange_derive_the_same_key() -> None:
    ours, theirs = transport.KeyExchange.start(), transport.KeyExchange.start()

    key = ours.session_key(theirs.public_bytes)

    assert key == theirs.session_key(ours.public_bytes)
    assert len(key) == 16 and len(ours.public_bytes) == 128


def test_the_exchange_agrees_with_secretstorage() -> None:
    ours, theirs = transport.KeyExchange.start(), Session()

    theirs.set_server_public_key(int.from_bytes(ours.public_bytes, "big"))
    key = ours.session_key(theirs.my_public_key.to_bytes(128, "big"))

    assert key == theirs.aes_key


@pytest.mark.parametrize(
    "public",
    [
        (0).to_bytes(128, "big"),
        (1).to_bytes(128, "big"),
        (transport.MODP_1024_PRIME - 1).to_bytes(128, "big"),
        transport.MODP_1024_PRIME.to_bytes(128, "big"),
        b"\x01" + bytes(128),  # longer than the group's numbers
    ],
)
def test_an_impossible_public_key_from_the_daemon_is_refused(public: bytes) -> None:
    with pytest.raises(transport.TransportError):
        transport.KeyExchange.start().session_key(public)


@given(secret=SECRETS)
def test_a_sealed_secret_opens_with_the_session_key_and_fresh_ivs_differ(secret: bytes) -> None:
    key = transport.KeyExchange.start().session_key(transport.KeyExchange.start().public_bytes)

    iv, sealed = transport.seal(key, secret)
    other_iv, _ = transport.seal(key, secret)

    assert transport.open_sealed(key, iv, sealed) == secret
    assert iv != other_iv


def test_a_mangled_secret_from_the_daemon_is_a_transport_error() -> None:
    with pytest.raises(transport.TransportError):
        transport.open_sealed(bytes(16), bytes(16), b"not whole blocks")
