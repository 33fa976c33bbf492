"""EvidenceStore: the user's own copy of what the service confirmed, as a hash-chained log.

Consent receipts and request acknowledgements are kept in a JSON-lines file (one chain
entry per line) so the user can prove later what they chose and what they asked for,
without relying on the service's records. The chain rule lives in
`app.core.evidence_chain`; the signatures are checked with `app.core.receipts`.

Every change rewrites the whole file through `write_atomically` rather than appending:
the file is small (a receipt is a couple of kilobytes), and a crash during an append
would leave a torn last line that looks exactly like damage. With write-and-rename the
file on disk is always either the old chain or the new one. An entry that cannot be
written (a full disk, a read-only folder) raises `LocalWriteFailed` and leaves the chain
already on disk exactly as it was.

A file that cannot be read (a line that is not JSON or not an entry) is never written
over: `add` refuses with `EvidenceDamaged` until the user decides to set it aside.
A chain that reads but does not verify is still added to: new entries link to the last
one, so the break stays exactly where it was and is reported there.
No token is ever stored; receipts name the user by the service's opaque id only.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from app.core.consent_records import consent_records
from app.core.evidence_chain import (
    ChainEntry,
    ChainVerdict,
    append_entry,
    canonical_json,
    entry_from_dict,
    verify_chain,
)
from app.core.receipts import ConsentReceipt, PublicKey, verify_receipt
from app.local.atomic import SUBJECT_EVIDENCE, LocalWriteFailed, write_atomically
from app.local.paths import AppPaths

CONSENT_RECEIPT = "consent_receipt"
REQUEST_ACKNOWLEDGEMENT = "request_acknowledgement"
KINDS = (CONSENT_RECEIPT, REQUEST_ACKNOWLEDGEMENT)

SIGNATURE_ALGORITHM = "Ed25519"
BUNDLE_CHAIN = "evidence.jsonl"
BUNDLE_KEYS = "public-keys.json"
BUNDLE_README = "README.txt"
BUNDLE_VERDICT = "verification.json"
BUNDLE_CONSENT_RECORDS = "consent-records.jsonld"


class EvidenceDamaged(Exception):
    """The evidence file has a line that cannot be read; nothing is written over it."""

    def __init__(self, path: Path, line_number: int, reason: str) -> None:
        super().__init__(f"{path.name} line {line_number}: {reason}")
        self.path = path
        self.line_number = line_number  # 1-based, as an editor shows it
        self.reason = reason


@dataclass(frozen=True)
class EvidenceVerdict:
    """What a check of the whole log found: the chain, then each receipt's signature."""

    entry_count: int
    chain: ChainVerdict
    # entry index -> True when the service's signature over the payload is valid and the
    # payload says what the entry says; only consent receipts appear here.
    signatures: Mapping[int, bool] = field(default_factory=dict)

    @property
    def chain_intact(self) -> bool:
        return self.chain.intact

    @property
    def first_broken_index(self) -> int | None:
        return self.chain.first_broken_index

    @property
    def invalid_signatures(self) -> tuple[int, ...]:
        return tuple(sorted(index for index, valid in self.signatures.items() if not valid))

    @property
    def all_good(self) -> bool:
        return self.chain_intact and not self.invalid_signatures

    def as_dict(self) -> dict[str, Any]:
        return {
            "entry_count": self.entry_count,
            "chain_intact": self.chain_intact,
            "first_broken_index": self.first_broken_index,
            "signatures": [
                {"index": index, "valid": valid} for index, valid in sorted(self.signatures.items())
            ],
            "invalid_signatures": list(self.invalid_signatures),
            "all_good": self.all_good,
        }


@dataclass(frozen=True)
class Acknowledgement:
    """What the service said about a request at one status; kept once per status."""

    request_id: str
    kind: str  # access | correction | deletion
    status: str  # received | verifying | in_progress | completed | denied | ...
    received_at: str  # ISO 8601
    due_at: str  # ISO 8601

    def body(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "kind": self.kind,
            "status": self.status,
            "received_at": self.received_at,
            "due_at": self.due_at,
        }


def evidence_file_for(paths: AppPaths, account_key: str) -> Path:
    """One log per account (service address + user id), named without either in clear."""
    digest = hashlib.sha256(account_key.encode("utf-8")).hexdigest()[:16]
    return paths.data_dir / "evidence" / f"{digest}.jsonl"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def receipt_body(receipt: ConsentReceipt) -> dict[str, Any]:
    """The receipt exactly as the service sent it; `payload` holds the signed bytes."""
    return {
        "id": receipt.id,
        "issued_at": _iso(receipt.issued_at),
        "choice_id": receipt.choice_id,
        "value": receipt.value,
        "payload": receipt.payload,
        "signature": receipt.signature,
        "key_id": receipt.key_id,
    }


def receipt_from_body(body: Mapping[str, Any]) -> ConsentReceipt | None:
    """None when the body is not a whole receipt (a damaged or foreign entry)."""
    try:
        issued_at = datetime.fromisoformat(str(body["issued_at"]).replace("Z", "+00:00"))
        receipt = ConsentReceipt(
            id=_str(body["id"]),
            issued_at=issued_at,
            choice_id=_str(body["choice_id"]),
            value=body["value"],
            payload=_str(body["payload"]),
            signature=_str(body["signature"]),
            key_id=_str(body["key_id"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return receipt if isinstance(receipt.value, bool) else None


def receipt_is_valid(body: Mapping[str, Any], keys: Iterable[PublicKey]) -> bool:
    """The service signed the payload, and the payload says what the entry shows.

    The table shows `choice_id` and `value` from beside the payload; they only count as
    proven when the signed payload names the same receipt, choice and value.
    """
    receipt = receipt_from_body(body)
    if receipt is None or not verify_receipt(receipt, keys):
        return False
    signed = receipt.fields()
    return (
        signed.get("consentReceiptID") == receipt.id
        and signed.get("choiceId") == receipt.choice_id
        and signed.get("value") is receipt.value
    )


class EvidenceStore:
    """Thread-safe: the page reads and adds through tasks, one lock serialises the file."""

    def __init__(self, path: Path, *, clock: Callable[[], str] = utc_now) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    # -- reading --------------------------------------------------------------------------

    def entries(self) -> list[ChainEntry]:
        """Raises EvidenceDamaged when a line cannot be read."""
        with self._lock:
            return self._read()

    def check_chain(self) -> ChainVerdict:
        """The chain alone: no keys, no network."""
        with self._lock:
            return verify_chain(self._read())

    def verify(self, keys: Iterable[PublicKey]) -> EvidenceVerdict:
        with self._lock:
            chain = self._read()
        return verify_entries(chain, keys)

    # -- adding ---------------------------------------------------------------------------

    def add(self, kind: str, body: dict[str, Any], recorded_at: str) -> ChainEntry:
        if kind not in KINDS:
            raise ValueError(f"unknown evidence kind {kind!r}")
        with self._lock:
            chain = self._read()
            entry = append_entry(chain, kind, recorded_at, body)
            self._write([*chain, entry])
            return entry

    def add_receipt(self, receipt: ConsentReceipt) -> ChainEntry | None:
        """Keep a receipt once; None when this receipt id is already in the log."""
        added = self.add_all([receipt])
        return added[0] if added else None

    def add_acknowledgement(
        self,
        request_id: str,
        kind: str | Enum,
        status: str | Enum,
        received_at: datetime | str,
        due_at: datetime | str,
    ) -> ChainEntry | None:
        """Keep what the service acknowledged about a request; each status once."""
        item = Acknowledgement(
            request_id, _enum_text(kind), _enum_text(status), _iso(received_at), _iso(due_at)
        )
        added = self.add_all([item])
        return added[0] if added else None

    def add_all(self, items: Iterable[ConsentReceipt | Acknowledgement]) -> list[ChainEntry]:
        """Keep many in the given order with one read and one write (a first sync).

        Items already kept (same receipt id; same request id and status) are skipped,
        also when they appear twice in `items`. Returns the entries actually added.
        """
        with self._lock:
            chain = self._read()
            kept = {_identity(entry.kind, entry.body) for entry in chain}
            whole = list(chain)
            added: list[ChainEntry] = []
            for item in items:
                kind, body = _kind_and_body(item)
                identity = _identity(kind, body)
                if identity in kept:
                    continue
                kept.add(identity)
                entry = append_entry(whole, kind, self._clock(), body)
                whole.append(entry)
                added.append(entry)
            if added:
                self._write(whole)
            return added

    def set_aside_damaged(self) -> Path | None:
        """The user's choice after damage: keep the old file beside, start a new log.

        Nothing is deleted: the damaged file is renamed so the user can still inspect or
        repair it. Returns where it went, or None when there was no file.
        """
        with self._lock:
            if not self.path.exists():
                return None
            stamp = self._clock().replace(":", "").replace("-", "")
            aside = self.path.with_name(f"{self.path.stem}.damaged-{stamp}{self.path.suffix}")
            counter = 1
            while aside.exists():
                counter += 1
                aside = self.path.with_name(
                    f"{self.path.stem}.damaged-{stamp}-{counter}{self.path.suffix}"
                )
            try:
                self.path.replace(aside)
            except OSError as error:
                raise LocalWriteFailed.from_os_error(aside, error, SUBJECT_EVIDENCE) from error
            return aside

    # -- exporting ------------------------------------------------------------------------

    def export_bundle(self, target: Path, keys: Iterable[PublicKey]) -> Path:
        """A ZIP anyone can check with the files inside it alone (see README.txt)."""
        published = tuple(keys)
        with self._lock:
            chain = self._read()
        verdict = verify_entries(chain, published)
        lines = "".join(canonical_json(entry.as_dict()) + "\n" for entry in chain)
        keys_document = {
            "algorithm": SIGNATURE_ALGORITHM,
            "keys": [
                {
                    "key_id": key.key_id,
                    "algorithm": SIGNATURE_ALGORITHM,
                    "public_key": key.public_key,
                    "created_at": _iso(key.created_at),
                }
                for key in published
            ],
        }
        verification = {"exported_at": self._clock(), **verdict.as_dict()}
        receipts, verified = [], {}
        for entry in chain:
            receipt = receipt_from_body(entry.body) if entry.kind == CONSENT_RECEIPT else None
            if receipt is not None:
                receipts.append(receipt)
                verified[receipt.id] = verdict.signatures.get(entry.index, False)
        records = consent_records(receipts, verified)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr(BUNDLE_CHAIN, lines.encode("utf-8"))
            bundle.writestr(BUNDLE_KEYS, _pretty(keys_document))
            bundle.writestr(BUNDLE_README, README_TEXT.encode("utf-8"))
            bundle.writestr(BUNDLE_VERDICT, _pretty(verification))
            bundle.writestr(BUNDLE_CONSENT_RECORDS, _pretty(records))
        write_atomically(target, buffer.getvalue())
        return target

    # -- internals (call with the lock held) ----------------------------------------------

    def _read(self) -> list[ChainEntry]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except UnicodeDecodeError as error:
            where = text_line_of_byte(self.path.read_bytes(), error.start)
            raise EvidenceDamaged(self.path, where, "not UTF-8 text") from None
        chain: list[ChainEntry] = []
        # Split on "\n" only: str.splitlines() would also cut at U+2028 and friends, which
        # canonical JSON (ensure_ascii=False) leaves unescaped inside strings.
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise TypeError("not an object")
                chain.append(entry_from_dict(data))
            except (ValueError, KeyError, TypeError) as error:
                raise EvidenceDamaged(self.path, number, type(error).__name__) from None
        return chain

    def _write(self, chain: Sequence[ChainEntry]) -> None:
        text = "".join(canonical_json(entry.as_dict()) + "\n" for entry in chain)
        write_atomically(self.path, text.encode("utf-8"), subject=SUBJECT_EVIDENCE)


def verify_entries(chain: Sequence[ChainEntry], keys: Iterable[PublicKey]) -> EvidenceVerdict:
    """Check entries already read, so a caller can show exactly the rows it checked."""
    published = tuple(keys)
    signatures = {
        entry.index: receipt_is_valid(entry.body, published)
        for entry in chain
        if entry.kind == CONSENT_RECEIPT
    }
    return EvidenceVerdict(len(chain), verify_chain(chain), signatures)


def _kind_and_body(item: ConsentReceipt | Acknowledgement) -> tuple[str, dict[str, Any]]:
    if isinstance(item, ConsentReceipt):
        return CONSENT_RECEIPT, receipt_body(item)
    return REQUEST_ACKNOWLEDGEMENT, item.body()


def _identity(kind: str, body: Mapping[str, Any]) -> tuple[str, ...]:
    """What makes two entries the same evidence, for skipping what is already kept."""
    if kind == CONSENT_RECEIPT:
        return (kind, str(body.get("id")))
    if kind == REQUEST_ACKNOWLEDGEMENT:
        return (kind, str(body.get("request_id")), str(body.get("status")))
    return (kind, canonical_json(body))


def text_line_of_byte(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _iso(moment: datetime | str) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat()
    return str(moment)


def _enum_text(value: str | Enum) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _pretty(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


README_TEXT = """\
Privacy Desk evidence bundle
============================

This bundle holds your own copy of what the privacy service confirmed to you: every
consent receipt it signed when you changed a privacy choice, and every acknowledgement
of a request you made. You can check all of it yourself, with nothing but the files
in this bundle.

What is in it
-------------
evidence.jsonl      The log, one entry per line, oldest first.
public-keys.json    The service's public signing keys (Ed25519), as it published them.
verification.json   What Privacy Desk found when it made this bundle.
consent-records.jsonld
                    The same consent receipts as consent records (ISO/IEC TS 27560 style)
                    in JSON-LD with the W3C Data Privacy Vocabulary: one per choice, with
                    its purpose, personal data, recipient, legal basis, status and every
                    signed receipt, for tools that read RDF.
README.txt          This text.

1. Check that the log is complete and unchanged
-----------------------------------------------
Each line is a JSON object with the fields index, kind, recorded_at, body,
previous_hash and entry_hash.

For each entry, in order:

  a. Take the fields index, kind, recorded_at, body and previous_hash (leave out
     entry_hash) as one JSON object.
  b. Write it as canonical JSON: keys sorted, no spaces at all (separators "," and
     ":"), characters outside ASCII written as themselves, UTF-8 encoded.
  c. entry_hash must be the SHA-256 of those bytes, written as lowercase hex.
  d. previous_hash must be the entry_hash of the line before. For the first line it
     is 64 zeros. index must be 0 for the first line and count up by one.

If any line was edited, removed, added or moved, the check fails at that line.

2. Check each consent receipt's signature
-----------------------------------------
Entries with kind "consent_receipt" carry the receipt in body:

  payload     the receipt itself (Kantara Consent Receipt v1.1 fields) as JSON text,
              exactly as the service signed it
  signature   the Ed25519 signature, base64url without padding
  key_id      which key in public-keys.json made it

Take the payload text as it is (do not re-format it), encode it as UTF-8, and check
the Ed25519 signature over those bytes with the public key whose key_id matches. The
public key is the raw 32-byte key, base64url without padding. A valid signature
proves the service issued that receipt, word for word. The fields choice_id and value
next to the payload repeat what the payload says (choiceId, value) for easy reading.

Receipts name you by the service's account id, not by your e-mail address.

3. Requests
-----------
Entries with kind "request_acknowledgement" record a request's id, kind, status,
when the service received it and when it is due. They are not signed by the service;
the chain shows they were kept in this order and not changed afterwards.
"""
