"""Signed consent receipts (C15): the user's own proof of what they chose, and when.

Every change of a choice yields one receipt in the shape of the Kantara Initiative Consent
Receipt Specification v1.1. The receipt is serialised as canonical JSON (sorted keys, no
whitespace, UTF-8) and those exact bytes are signed with the service's Ed25519 key, so a
receipt the user keeps can be checked later, by anyone, with the public key published at
`GET /v1/keys`, without trusting the service's database.

The policy behind the choices is an EU/US one (GDPR and CCPA); receipts name "EU" as the
jurisdiction because the consent they record is GDPR consent (U1: withdrawable at any time).
The CCPA view of the same data lives in the catalog.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.catalog.entries import CATEGORIES_BY_ID, CHOICES_BY_ID
from server.config import Settings
from server.db.models import ConsentReceipt, SigningKey, User

RECEIPT_VERSION = "KI-CR-v1.1.0"
JURISDICTION = "EU"
RECEIPT_LANGUAGE = "en"
ALGORITHM = "Ed25519"

# Kantara v1.1 purpose categories used below (the specification's own list).
CORE_FUNCTION = "Core Function"
PERSONALISED_EXPERIENCE = "Personalized Experience"
MARKETING = "Marketing"
MARKETING_THIRD_PARTIES = "Marketing Third Parties"
SHARING_FOR_MARKETING = "Sharing for Marketing"
IMPROVE_PERFORMANCE = "Improve Performance"


@dataclass(frozen=True)
class ReceiptPurpose:
    """What a choice lets the service do, as a Kantara purpose entry (written for receipts)."""

    purpose: str
    categories: tuple[str, ...]
    termination: str
    # True when the service could not work without it (Kantara "primaryPurpose").
    primary: bool = False
    third_party_name: str = ""

    @property
    def third_party_disclosure(self) -> bool:
        return bool(self.third_party_name)


_UNTIL_SWITCHED_OFF = "Until you switch it off in your privacy choices."

# One entry per choice in the catalog (X1-X9); a test checks none is missing.
RECEIPT_PURPOSES: dict[str, ReceiptPurpose] = {
    "X1": ReceiptPurpose(
        "Collect general playback facts about your own media (device, duration, bitrate, "
        "resolution, kind of media) to run and improve the service.",
        (IMPROVE_PERFORMANCE,),
        f"{_UNTIL_SWITCHED_OFF} Nothing new is collected after that; what is already kept "
        "follows the retention rules or a deletion request.",
    ),
    "X2": ReceiptPurpose(
        "Build an ad profile from the partner films and shows you watch, to pick the ads you see.",
        (PERSONALISED_EXPERIENCE, MARKETING_THIRD_PARTIES),
        f"{_UNTIL_SWITCHED_OFF} The ad profile is deleted at the moment you do.",
        third_party_name="Advertising partners",
    ),
    "X3": ReceiptPurpose(
        "Receive crash reports from your apps to find and fix problems.",
        (IMPROVE_PERFORMANCE,),
        f"{_UNTIL_SWITCHED_OFF} Reports already received are deleted after 90 days.",
    ),
    "X4": ReceiptPurpose(
        "Send you the newsletter and e-mail about new features and news.",
        (MARKETING,),
        f"{_UNTIL_SWITCHED_OFF} Messages about your account itself continue.",
    ),
    "X5": ReceiptPurpose(
        "Tell the content partners which of their films and shows you watched, together "
        "with your account details.",
        (SHARING_FOR_MARKETING,),
        f"{_UNTIL_SWITCHED_OFF} Partners get nothing traceable to you from then on.",
        third_party_name="Content partners",
    ),
    "X6": ReceiptPurpose(
        "Let your media server send file names, without your identity, to look up covers "
        "and descriptions.",
        (CORE_FUNCTION,),
        f"{_UNTIL_SWITCHED_OFF} Your server then sends no file names.",
    ),
    "X7": ReceiptPurpose(
        "Suggest films and shows automatically from what you watch.",
        (PERSONALISED_EXPERIENCE,),
        f"{_UNTIL_SWITCHED_OFF} Your viewing is then not used for automatic suggestions.",
    ),
    "X8": ReceiptPurpose(
        "Collect general figures about your media library, never titles or file names.",
        (IMPROVE_PERFORMANCE,),
        f"{_UNTIL_SWITCHED_OFF} Nothing new is collected after that.",
    ),
    "X9": ReceiptPurpose(
        "Relay your media, encrypted end to end, between your server and your devices elsewhere.",
        (CORE_FUNCTION,),
        f"{_UNTIL_SWITCHED_OFF} None of your media passes through the relay after that.",
    ),
}


# --- encoding -----------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    """base64url without padding (RFC 4648 section 5), as JOSE writes keys and signatures."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    """Accepts base64url with or without padding; raises ValueError for anything else."""
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except binascii.Error as error:
        raise ValueError(str(error)) from None


def canonical_json(document: dict[str, Any]) -> str:
    """The one serialisation that is signed: sorted keys, no whitespace, non-ASCII kept."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# --- the signing key ----------------------------------------------------------------------


def key_id_of(raw_public_key: bytes) -> str:
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def signing_key(session: Session, settings: Settings) -> SigningKey:
    """The key that signs new receipts: the newest in `signing_keys`, made on first use.

    The private key is kept in the table as PKCS#8 PEM so that every API process of one
    deployment signs with the same key and the key outlives restarts. A real deployment
    would keep it in a KMS or HSM and sign there; the table would then hold only the
    public half. Two processes racing on an empty table may each make a key: both are
    published and both verify, the newer one signs from then on.
    """
    newest = session.scalar(
        select(SigningKey).order_by(SigningKey.created_at.desc(), SigningKey.key_id).limit(1)
    )
    if newest is not None:
        return newest
    private_key = Ed25519PrivateKey.generate()
    raw_public = _raw_public(private_key.public_key())
    row = SigningKey(
        key_id=key_id_of(raw_public),
        private_key=private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii"),
        public_key=b64url(raw_public),
        created_at=settings.clock(),
    )
    session.add(row)
    session.flush()
    return row


def published_keys(session: Session, settings: Settings) -> list[SigningKey]:
    """Every key that ever signed, newest first: old receipts must stay verifiable."""
    signing_key(session, settings)
    return list(
        session.scalars(
            select(SigningKey).order_by(SigningKey.created_at.desc(), SigningKey.key_id)
        )
    )


def _private_key(row: SigningKey) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(row.private_key.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"signing key {row.key_id} is not an Ed25519 key")
    return key


# --- building and checking receipts -------------------------------------------------------


def collection_method_for(x_client: str | None, user_agent: str | None) -> str:
    """How the choice reached the service, in words a person reading the receipt knows."""
    if x_client:
        squeezed = "".join(ch for ch in x_client.lower() if ch.isalnum())
        return "Privacy Desk app" if squeezed.startswith("privacydesk") else "app"
    if user_agent and user_agent.startswith("Mozilla/"):
        return "web form"
    return "API"


# The channel a GPC signal reached the service by, as the receipt's collectionMethod says
# it, followed by the app or device that sent it in brackets.
GPC_COLLECTION_METHOD = "Global Privacy Control signal"


def gpc_origin(client: str) -> dict[str, Any]:
    """The receipt's `origin` member for a change a GPC signal made, and from where."""
    return {"kind": "gpc", "client": client}


# The receipt's `origin` member for the user's own change that switches back on a choice a
# GPC signal had switched off: their explicit choice stands against later signals.
OVERRIDES_GPC_ORIGIN: dict[str, Any] = {"kind": "user", "overridesGpc": True}


def _controller(settings: Settings) -> dict[str, Any]:
    """The controller as Kantara describes it. Example values, derived from the policy URL.

    A deployment would set real contact details; these are neutral placeholders on the
    policy's own domain so that a receipt never points at an existing organisation.
    """
    parts = urlsplit(settings.policy_url)
    domain = parts.hostname or "privacy-desk.example"
    return {
        "piiController": settings.controller_name,
        "onBehalf": False,
        "contact": "Privacy office",
        "address": {
            "streetAddress": "1 Example Street",
            "addressLocality": "Amsterdam",
            "postalCode": "1000 AA",
            "addressCountry": "NL",
        },
        "email": f"privacy@{domain}",
        "phone": "+31 20 000 0000",
        "piiControllerUrl": f"{parts.scheme or 'https'}://{domain}/",
    }


def _service(choice_id: str) -> dict[str, Any]:
    choice = CHOICES_BY_ID[choice_id]
    purpose = RECEIPT_PURPOSES[choice_id]
    return {
        "service": choice.title.en,
        "purposes": [
            {
                "purpose": purpose.purpose,
                "purposeCategory": list(purpose.categories),
                "consentType": "EXPLICIT",
                "piiCategory": [CATEGORIES_BY_ID[c].title.en for c in choice.categories],
                "primaryPurpose": purpose.primary,
                "termination": purpose.termination,
                "thirdPartyDisclosure": purpose.third_party_disclosure,
                "thirdPartyName": purpose.third_party_name,
            }
        ],
    }


def issue_receipt(
    session: Session,
    settings: Settings,
    user: User,
    choice_id: str,
    new_value: bool,
    *,
    collection_method: str,
    client: str,
    origin: dict[str, Any] | None = None,
) -> ConsentReceipt:
    """Sign and store the receipt for one change; the caller's transaction commits it.

    `collection_method` is the kind of channel ("Privacy Desk app", "web form"); `client`
    is the app's own name and version from X-Client, added in brackets when present, so
    the receipt shows which app presented the choice. The user is named by id only: a
    receipt is evidence the user may hand to others, and the e-mail address need not go
    with it.

    `origin` says where a change involving Global Privacy Control came from (`gpc_origin`,
    `OVERRIDES_GPC_ORIGIN`); it is left out of every other receipt, whose document is the
    same as before GPC was honoured.
    """
    key = signing_key(session, settings)
    now = settings.clock()
    receipt_id = str(uuid.uuid4())
    shown_client = client.strip()
    method = f"{collection_method} ({shown_client})" if shown_client else collection_method
    document: dict[str, Any] = {
        "version": RECEIPT_VERSION,
        "jurisdiction": JURISDICTION,
        "consentTimestamp": int(now.timestamp()),
        "collectionMethod": method[:200],
        "consentReceiptID": receipt_id,
        "publicKey": key.public_key,
        "language": RECEIPT_LANGUAGE,
        "piiPrincipalId": user.id,
        "piiControllers": [_controller(settings)],
        "policyUrl": settings.policy_url,
        "services": [_service(choice_id)],
        "sensitive": False,
        "spiCat": [],
        "choiceId": choice_id,
        "value": new_value,
    }
    if origin is not None:
        document["origin"] = origin
    payload = canonical_json(document)
    signature = _private_key(key).sign(payload.encode("utf-8"))
    receipt = ConsentReceipt(
        id=receipt_id,
        user_id=user.id,
        issued_at=now,
        choice_id=choice_id,
        value=new_value,
        payload=payload,
        signature=b64url(signature),
        key_id=key.key_id,
    )
    session.add(receipt)
    return receipt


def verify_receipt(payload: str, signature: str, public_key_b64: str) -> bool:
    """True only when `signature` is the Ed25519 signature of exactly these payload bytes."""
    try:
        public_key = Ed25519PublicKey.from_public_bytes(b64url_decode(public_key_b64))
        public_key.verify(b64url_decode(signature), payload.encode("utf-8"))
    except (ValueError, InvalidSignature):
        return False
    return True
