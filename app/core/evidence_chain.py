"""A hash-chained log of the user's evidence: consent receipts and request acknowledgements.

Each entry carries the SHA-256 of the previous entry, so removing, reordering or editing
any entry breaks every link after it. The chain proves the user's own copy is intact;
the service's signatures (checked elsewhere) prove what the service said.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class ChainEntry:
    index: int
    kind: str  # "consent_receipt" | "request_acknowledgement"
    recorded_at: str  # ISO 8601 UTC
    body: dict[str, Any]
    previous_hash: str
    entry_hash: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "recorded_at": self.recorded_at,
            "body": self.body,
            "previous_hash": self.previous_hash,
            "entry_hash": self.entry_hash,
        }


def entry_digest(
    index: int, kind: str, recorded_at: str, body: dict[str, Any], previous_hash: str
) -> str:
    material = canonical_json(
        {
            "index": index,
            "kind": kind,
            "recorded_at": recorded_at,
            "body": body,
            "previous_hash": previous_hash,
        }
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def append_entry(
    chain: Sequence[ChainEntry], kind: str, recorded_at: str, body: dict[str, Any]
) -> ChainEntry:
    previous = chain[-1].entry_hash if chain else GENESIS
    index = len(chain)
    return ChainEntry(
        index,
        kind,
        recorded_at,
        body,
        previous,
        entry_digest(index, kind, recorded_at, body, previous),
    )


@dataclass(frozen=True)
class ChainVerdict:
    intact: bool
    first_broken_index: int | None = None


def verify_chain(chain: Iterable[ChainEntry]) -> ChainVerdict:
    previous = GENESIS
    for position, entry in enumerate(chain):
        expected = entry_digest(entry.index, entry.kind, entry.recorded_at, entry.body, previous)
        if (
            entry.index != position
            or entry.previous_hash != previous
            or entry.entry_hash != expected
        ):
            return ChainVerdict(False, position)
        previous = entry.entry_hash
    return ChainVerdict(True)


def entry_from_dict(data: dict[str, Any]) -> ChainEntry:
    """Raises KeyError/TypeError/ValueError on a damaged file; callers report it."""
    body = data["body"]
    if not isinstance(body, dict):
        raise TypeError("entry body must be an object")
    return ChainEntry(
        index=int(data["index"]),
        kind=str(data["kind"]),
        recorded_at=str(data["recorded_at"]),
        body=body,
        previous_hash=str(data["previous_hash"]),
        entry_hash=str(data["entry_hash"]),
    )
