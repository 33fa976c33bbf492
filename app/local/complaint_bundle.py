"""The folder a complaint is saved in: the letter as a PDF, and the evidence it rests on.

    complaint-<request id>-<date>/
        complaint.pdf          the letter (app/core/complaint.py, laid out by app/ui/complaint_pdf.py)
        acknowledgement.json   the service's signed statement of the request, as it answered
        keys.json              the service's published public keys (GET /v1/keys)
        how-to-check.txt       how anyone checks the files, in the letter's language
        manifest.json          the SHA-256 and size of each file above

The folder appears whole or not at all: everything is written into a hidden folder beside
it, synced, and renamed into place. `verify_bundle` checks a folder offline: the manifest
matches every file (none missing, none added), and one of the keys in keys.json signed the
acknowledgement, which names the request the manifest names.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.core.acknowledgements import SignedAcknowledgement, UnreadableAcknowledgement
from app.core.complaint import Complaint, EvidenceFile
from app.core.receipts import PublicKey
from app.local.atomic import LocalWriteFailed, reason_for, sync_directory

FORMAT = "privacy-desk-complaint"
VERSION = 1
PDF = "complaint.pdf"
ACKNOWLEDGEMENT = "acknowledgement.json"
KEYS = "keys.json"
HOW_TO_CHECK = "how-to-check.txt"
MANIFEST = "manifest.json"

_HOW_TO_CHECK = {
    "en": """How to check these files

1. manifest.json lists every other file with its SHA-256. Compute each file's SHA-256
   (for example: sha256sum complaint.pdf) and compare.
2. acknowledgement.json holds "payload", the service's statement of the request, exactly as
   it signed it, with "signature" (Ed25519, base64url) and "key_id". keys.json holds the
   service's public keys; the one with that key_id must verify the signature over the UTF-8
   bytes of "payload". The service publishes the same keys at {keys_url}.
""",
    "nl": """Zo controleer je deze bestanden

1. manifest.json noemt elk ander bestand met zijn SHA-256. Bereken de SHA-256 van elk
   bestand (bijvoorbeeld: sha256sum complaint.pdf) en vergelijk.
2. acknowledgement.json bevat "payload", de verklaring van de dienst over het verzoek,
   precies zoals de dienst die ondertekende, met "signature" (Ed25519, base64url) en "key_id".
   keys.json bevat de publieke sleutels van de dienst; de sleutel met die key_id moet de
   handtekening over de UTF-8-bytes van "payload" bevestigen. De dienst publiceert dezelfde
   sleutels op {keys_url}.
""",
}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keys_json(keys: tuple[PublicKey, ...]) -> bytes:
    listed = [
        {
            "key_id": key.key_id,
            "algorithm": "Ed25519",
            "public_key": key.public_key,
            "created_at": key.created_at.isoformat(),
        }
        for key in keys
    ]
    return _pretty({"keys": listed})


def _pretty(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class SavedComplaint:
    folder: Path
    pdf: Path
    complaint: Complaint


def save_complaint(
    parent: Path,
    *,
    acknowledgement: SignedAcknowledgement,
    keys: tuple[PublicKey, ...],
    request_id: str,
    language: str,
    service_url: str,
    today: date,
    compose: Callable[[list[EvidenceFile]], Complaint],
    render_pdf: Callable[[Complaint], bytes],
) -> SavedComplaint:
    """Write the complaint and its evidence into a new folder under `parent`.

    `compose` writes the letter given the evidence files it lists (their names and
    SHA-256); `render_pdf` lays it out. Raises LocalWriteFailed when the folder cannot be
    written (nothing is left behind then)."""
    keys_url = service_url.rstrip("/") + "/v1/keys"
    evidence_files = {
        ACKNOWLEDGEMENT: _pretty(acknowledgement.as_json()),
        KEYS: keys_json(keys),
        HOW_TO_CHECK: _HOW_TO_CHECK[language].format(keys_url=keys_url).encode(),
    }
    descriptions = {
        "en": {
            ACKNOWLEDGEMENT: "the service's signed statement of the request",
            KEYS: "the service's public keys",
            HOW_TO_CHECK: "how to check these files",
        },
        "nl": {
            ACKNOWLEDGEMENT: "de ondertekende verklaring van de dienst over het verzoek",
            KEYS: "de publieke sleutels van de dienst",
            HOW_TO_CHECK: "hoe je deze bestanden controleert",
        },
    }[language]
    complaint = compose(
        [
            EvidenceFile(name, sha256_of(data), descriptions[name])
            for name, data in evidence_files.items()
        ]
    )
    files = {PDF: render_pdf(complaint), **evidence_files}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "request_id": request_id,
        "created": today.isoformat(),
        "files": [
            {"name": name, "sha256": sha256_of(data), "size": len(data)}
            for name, data in sorted(files.items())
        ],
    }
    files[MANIFEST] = _pretty(manifest)
    folder = _free_name(parent, f"complaint-{request_id}-{today.isoformat()}")
    _write_whole_folder(folder, files)
    return SavedComplaint(folder, folder / PDF, complaint)


def _free_name(parent: Path, stem: str) -> Path:
    candidate, number = parent / stem, 2
    while candidate.exists():
        candidate, number = parent / f"{stem}-{number}", number + 1
    return candidate


def _write_whole_folder(folder: Path, files: dict[str, bytes]) -> None:
    building = folder.with_name(f".{folder.name}.part")
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(building, ignore_errors=True)  # what a killed earlier attempt left
        building.mkdir()
        for name, data in files.items():
            with open(building / name, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
        _sync(building)
        os.rename(building, folder)
        _sync(folder.parent)
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise LocalWriteFailed(folder, reason_for(error), error) from error


def _sync(directory: Path) -> None:
    if os.name == "posix":  # elsewhere a folder cannot be opened to be synced
        sync_directory(directory)


@dataclass(frozen=True)
class BundleCheck:
    problems: tuple[str, ...]
    request_id: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(folder: Path) -> BundleCheck:
    """Check a saved complaint's folder offline (see the module's docstring)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        listed = {entry["name"]: entry for entry in manifest["files"]}
        request_id = str(manifest["request_id"])
        if manifest.get("format") != FORMAT:
            return BundleCheck(("manifest.json is not a complaint's manifest",))
    except (OSError, ValueError, KeyError, TypeError) as error:
        return BundleCheck((f"manifest.json cannot be read: {error}",))
    problems: list[str] = []
    present = {path.name for path in folder.iterdir() if path.is_file()} - {MANIFEST}
    for name in sorted(present - set(listed)):
        problems.append(f"{name} is not in the manifest")
    contents: dict[str, bytes] = {}
    for name, entry in sorted(listed.items()):
        path = folder / name
        if "/" in name or "\\" in name or not path.is_file():
            problems.append(f"{name} is missing")
            continue
        data = path.read_bytes()
        contents[name] = data
        if sha256_of(data) != entry.get("sha256") or len(data) != entry.get("size"):
            problems.append(f"{name} is not the file the manifest lists")
    if ACKNOWLEDGEMENT in contents and KEYS in contents:
        problems.extend(_check_signature(contents[ACKNOWLEDGEMENT], contents[KEYS], request_id))
    else:
        problems.append("the signed acknowledgement or the keys are missing")
    return BundleCheck(tuple(problems), request_id)


def _check_signature(acknowledgement: bytes, keys: bytes, request_id: str) -> list[str]:
    from datetime import datetime

    try:
        signed = json.loads(acknowledgement)
        statement = SignedAcknowledgement(
            str(signed["payload"]), str(signed["signature"]), str(signed["key_id"])
        )
        published = tuple(
            PublicKey(
                str(key["key_id"]),
                str(key["public_key"]),
                datetime.fromisoformat(str(key["created_at"])),
            )
            for key in json.loads(keys)["keys"]
        )
    except (ValueError, KeyError, TypeError) as error:
        return [f"the acknowledgement or the keys cannot be read: {error}"]
    if not statement.verify(published):
        return ["no key in keys.json signed the acknowledgement"]
    try:
        if statement.facts().request_id != request_id:
            return ["the acknowledgement is about another request"]
    except UnreadableAcknowledgement as error:
        return [f"the acknowledgement cannot be read: {error}"]
    return []
