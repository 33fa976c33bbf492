"""AES-128-CBC from the OpenSSL libcrypto that CPython itself already loaded.

CPython's `_hashlib` (and `_ssl`) link libcrypto, so every Python the app runs on, the
frozen bundle included, has it in memory already. Using that copy through `ctypes` gives
the Secret Service session its cipher without shipping a second OpenSSL (the
`cryptography` wheel carries its own, 11.6 MB of the bundle). Linux only: the Secret
Service exists only there, and `/proc/self/maps` names the library that is loaded.

OpenSSL's EVP interface pads with PKCS#7 by default, which is what the Secret Service's
`dh-ietf1024-sha256-aes128-cbc-pkcs7` algorithm prescribes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from pathlib import Path

KEY_BYTES = 16
BLOCK_BYTES = 16


class CipherError(Exception):
    """libcrypto refused: a wrong key or IV length, or (decrypting) bad padding."""


def loaded_libcrypto_path(maps: Path = Path("/proc/self/maps")) -> str | None:
    """The libcrypto this process has mapped, once `_hashlib` is imported."""
    for line in maps.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and Path(fields[5]).name.startswith("libcrypto.so"):
            return fields[5]
    return None


@functools.cache
def _library() -> ctypes.CDLL:
    import _hashlib  # noqa: F401  (maps CPython's libcrypto into the process)

    path = loaded_libcrypto_path() or ctypes.util.find_library("crypto")
    if path is None:
        raise OSError("no OpenSSL libcrypto in this process")
    lib = ctypes.CDLL(path)
    lib.EVP_CIPHER_CTX_new.restype = ctypes.c_void_p
    lib.EVP_CIPHER_CTX_new.argtypes = []
    lib.EVP_CIPHER_CTX_free.restype = None
    lib.EVP_CIPHER_CTX_free.argtypes = [ctypes.c_void_p]
    lib.EVP_aes_128_cbc.restype = ctypes.c_void_p
    lib.EVP_aes_128_cbc.argtypes = []
    lib.EVP_CipherInit_ex.restype = ctypes.c_int
    lib.EVP_CipherInit_ex.argtypes = [
        ctypes.c_void_p,  # context
        ctypes.c_void_p,  # cipher
        ctypes.c_void_p,  # engine: none
        ctypes.c_char_p,  # key
        ctypes.c_char_p,  # iv
        ctypes.c_int,  # 1 encrypt, 0 decrypt
    ]
    lib.EVP_CipherUpdate.restype = ctypes.c_int
    lib.EVP_CipherUpdate.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_char_p,
        ctypes.c_int,
    ]
    lib.EVP_CipherFinal_ex.restype = ctypes.c_int
    lib.EVP_CipherFinal_ex.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
    ]
    return lib


def available() -> bool:
    try:
        _library()
    except (OSError, AttributeError):
        return False
    return True


def encrypt(key: bytes, iv: bytes, plaintext: bytes) -> bytes:
    return _run(key, iv, plaintext, encrypting=True)


def decrypt(key: bytes, iv: bytes, ciphertext: bytes) -> bytes:
    return _run(key, iv, ciphertext, encrypting=False)


def _run(key: bytes, iv: bytes, data: bytes, *, encrypting: bool) -> bytes:
    if len(key) != KEY_BYTES or len(iv) != BLOCK_BYTES:
        raise CipherError("AES-128-CBC takes a 16-byte key and a 16-byte IV")
    lib = _library()
    context = lib.EVP_CIPHER_CTX_new()
    if not context:
        raise MemoryError("EVP_CIPHER_CTX_new")
    try:
        if not lib.EVP_CipherInit_ex(context, lib.EVP_aes_128_cbc(), None, key, iv, encrypting):
            raise CipherError("EVP_CipherInit_ex failed")
        out = ctypes.create_string_buffer(len(data) + BLOCK_BYTES)
        written = ctypes.c_int(0)
        if not lib.EVP_CipherUpdate(context, out, ctypes.byref(written), data, len(data)):
            raise CipherError("EVP_CipherUpdate failed")
        total = written.value
        tail = ctypes.create_string_buffer(BLOCK_BYTES)
        if not lib.EVP_CipherFinal_ex(context, tail, ctypes.byref(written)):
            raise CipherError("bad padding" if not encrypting else "EVP_CipherFinal_ex failed")
        return out.raw[:total] + tail.raw[: written.value]
    finally:
        lib.EVP_CIPHER_CTX_free(context)
