"""The app's own Ed25519 check gives OpenSSL's verdict on every signature an honest signer
can make: the RFC 8032 vectors verify, random signatures verify, any flipped bit is refused,
and the malformed encodings RFC 8032 rules out are refused too.

`cryptography` (OpenSSL) is the reference here; the app itself no longer ships it.
"""

from __future__ import annotations

import hashlib

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.ed25519 import BASE, L, P, _decode_point, verify


def _openssl_accepts(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _raw_public_key(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _le32(number: int) -> bytes:
    return number.to_bytes(32, "little")


def _hash_scalar(*parts: bytes) -> int:
    return int.from_bytes(hashlib.sha512(b"".join(parts)).digest(), "little") % L


def _secret_scalar(seed: bytes) -> int:
    """The signing scalar a of a seed (RFC 8032 §5.1.5): half its hash, clamped."""
    half = bytearray(hashlib.sha512(seed).digest()[:32])
    half[0] &= 0b1111_1000
    half[31] &= 0b0111_1111
    half[31] |= 0b0100_0000
    return int.from_bytes(half, "little")


# The base point B, encoded: y = 4/5, x even.
BASE_ENCODED = _le32(4 * pow(5, -1, P) % P)
IDENTITY_ENCODED = _le32(1)  # the neutral point (0, 1)


# RFC 8032 §7.1: (name, secret key, public key, message, signature), all hex.
RFC_8032_VECTORS = [
    (
        "TEST 1",
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "TEST 2",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "TEST 3",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
    (
        "TEST 1024",
        "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
        "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
        "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
        "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
        "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
        "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
        "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
        "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
        "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
        "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
        "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
        "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
        "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
        "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
        "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
        "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
        "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
        "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
        "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
        "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
        "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
        "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
        "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
        "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
        "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
        "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
        "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
        "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
        "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
        "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
        "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
        "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
        "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
        "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
        "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
        "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03",
    ),
    (
        "TEST SHA(abc)",
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
        "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    ),
]


@pytest.mark.parametrize(
    ("secret", "public", "message", "signature"),
    [vector[1:] for vector in RFC_8032_VECTORS],
    ids=[vector[0] for vector in RFC_8032_VECTORS],
)
def test_rfc_8032_vectors_verify_and_an_edited_message_does_not(
    secret: str, public: str, message: str, signature: str
) -> None:
    key, signed, text = bytes.fromhex(public), bytes.fromhex(signature), bytes.fromhex(message)
    # The vector is typed right: OpenSSL derives this key and makes this signature from it.
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    assert (_raw_public_key(private), private.sign(text)) == (key, signed)
    assert verify(key, signed, text)
    assert not verify(key, signed, text + b"\x00")


def test_the_vector_sizes_are_those_of_the_rfc() -> None:
    sizes = {vector[0]: len(bytes.fromhex(vector[3])) for vector in RFC_8032_VECTORS}
    assert sizes == {"TEST 1": 0, "TEST 2": 1, "TEST 3": 2, "TEST 1024": 1023, "TEST SHA(abc)": 64}
    assert RFC_8032_VECTORS[4][3] == hashlib.sha512(b"abc").hexdigest()


def _flip_bit(data: bytes, bit: int) -> bytes:
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.binary(min_size=32, max_size=32),
    message=st.binary(min_size=1, max_size=300),
    part=st.sampled_from(["public_key", "signature", "message"]),
    bit=st.integers(min_value=0, max_value=8 * 300),
)
def test_random_signatures_verify_and_any_flipped_bit_is_refused_as_openssl_refuses_it(
    seed: bytes, message: bytes, part: str, bit: int
) -> None:
    private = Ed25519PrivateKey.from_private_bytes(seed)
    genuine = {
        "public_key": _raw_public_key(private),
        "signature": private.sign(message),
        "message": message,
    }
    assert verify(**genuine)
    assert _openssl_accepts(**genuine)

    tampered = dict(genuine)
    tampered[part] = _flip_bit(genuine[part], bit % (8 * len(genuine[part])))
    assert verify(**tampered) == _openssl_accepts(**tampered)
    assert not verify(**tampered)


def _signed_pair() -> tuple[bytes, bytes, bytes]:
    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    message = b'{"choiceId":"X1","value":false}'
    return _raw_public_key(private), private.sign(message), message


def test_a_signature_with_l_added_to_s_is_refused_as_openssl_refuses_it() -> None:
    key, signature, message = _signed_pair()
    s = int.from_bytes(signature[32:], "little")
    # [S + L]B is the same point as [S]B: only the S < L rule tells the two apart.
    malleated = signature[:32] + _le32(s + L)
    assert verify(key, signature, message)
    assert not _openssl_accepts(key, malleated, message)
    assert not verify(key, malleated, message)


def test_an_r_encoded_with_y_at_or_above_p_is_refused_as_openssl_refuses_it() -> None:
    """A signature whose R is the neutral point, made with the secret scalar: canonical it
    verifies, and the same R written as y = p + 1 must not."""
    seed = bytes(range(32))
    key, _, message = _signed_pair()
    secret = _secret_scalar(seed)

    def signature_with_neutral_r(r_encoded: bytes) -> bytes:
        s = _hash_scalar(r_encoded, key, message) * secret % L  # S = r + k·a with r = 0
        return r_encoded + _le32(s)

    canonical = signature_with_neutral_r(IDENTITY_ENCODED)
    assert _openssl_accepts(key, canonical, message)
    assert verify(key, canonical, message)
    non_canonical = signature_with_neutral_r(_le32(P + 1))
    assert not _openssl_accepts(key, non_canonical, message)
    assert not verify(key, non_canonical, message)


@pytest.mark.parametrize(
    ("encoded", "why"),
    [
        (_le32(P + 3), "y = 3 written as p + 3"),
        (_le32(P + 1), "the neutral point written as p + 1"),
        (_le32(2**255 - 1), "y = 2^255 - 1, above p"),
        (_le32(1 | 1 << 255), "x = 0 with the sign bit set"),
        (_le32(2), "y = 2: no x solves the curve equation"),
    ],
)
def test_encodings_rfc_8032_rules_out_do_not_decode(encoded: bytes, why: str) -> None:
    assert _decode_point(encoded) is None, why


def test_the_canonical_twins_of_those_encodings_do_decode() -> None:
    assert _decode_point(_le32(3)) is not None
    assert _decode_point(IDENTITY_ENCODED) is not None
    assert _decode_point(BASE_ENCODED) == BASE


def test_a_key_or_r_that_is_not_on_the_curve_is_refused() -> None:
    key, signature, message = _signed_pair()
    off_curve = _le32(2)
    assert _decode_point(off_curve) is None
    assert not verify(off_curve, signature, message)
    assert not _openssl_accepts(off_curve, signature, message)
    assert not verify(key, off_curve + signature[32:], message)
    assert not _openssl_accepts(key, off_curve + signature[32:], message)


@pytest.mark.parametrize(
    ("key_length", "signature_length"), [(31, 64), (33, 64), (0, 64), (32, 63), (32, 65), (32, 0)]
)
def test_keys_and_signatures_of_the_wrong_length_are_refused(
    key_length: int, signature_length: int
) -> None:
    key, signature, message = _signed_pair()
    padded_key = (key + b"\x00")[:key_length]
    padded_signature = (signature + b"\x00")[:signature_length]
    assert not verify(padded_key, padded_signature, message)


def test_small_order_keys_are_refused_where_openssl_accepts_a_forgery() -> None:
    """Deliberately stricter than OpenSSL, for keys no honest signer has.

    With the neutral point as key, [S]B = R + [k]A holds for R = B, S = 1 and any message,
    so OpenSSL accepts a "signature" made without any secret; the same goes for the
    neutral point written non-canonically (y = p + 1) and for x = 0 with the sign bit set.
    """
    forgery = BASE_ENCODED + _le32(1)
    for key in (IDENTITY_ENCODED, _le32(P + 1), _le32(1 | 1 << 255)):
        assert _openssl_accepts(key, forgery, b"any message at all")
        assert not verify(key, forgery, b"any message at all")


def test_the_all_zero_key_is_refused_even_for_a_signature_that_satisfies_the_equation() -> None:
    """All zeros decode to (√-1, 0), a point of order 4: [k]A is the neutral point when
    k ≡ 0 (mod 4), so S = 0 with R = the neutral point then "signs" the message."""
    zero_key = bytes(32)
    forgery = IDENTITY_ENCODED + _le32(0)
    message = next(
        candidate
        for candidate in (b"receipt %d" % n for n in range(100))
        if _hash_scalar(IDENTITY_ENCODED, zero_key, candidate) % 4 == 0
    )
    assert _openssl_accepts(zero_key, forgery, message)
    assert not verify(zero_key, forgery, message)
    _, signature, genuine_message = _signed_pair()
    assert not verify(zero_key, signature, genuine_message)
