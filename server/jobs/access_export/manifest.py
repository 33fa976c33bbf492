"""manifest.json: every other member with its size and SHA-256, so the copy can be checked
later, and each category's record count and files (main part first)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from server.config import Settings
from server.jobs.access_export.sections import (
    CategorySection,
    MemberDigest,
    PartSection,
    empty_reason,
)

FORMAT_VERSION = "1"


def manifest_text(
    settings: Settings,
    user_id: str,
    request_id: str,
    generated_at: datetime,
    sections: list[CategorySection],
    members: list[MemberDigest],
) -> str:
    """Every other member with its size and SHA-256 (the manifest cannot list its own hash)."""
    document = {
        "format_version": FORMAT_VERSION,
        "generated_at": generated_at.isoformat(),
        "request_id": request_id,
        "user_id": user_id,
        "service": {"name": settings.controller_name, "policy_url": settings.policy_url},
        "categories": [
            {
                "id": section.entry.id,
                "title": section.entry.title.en,
                "records": section.records,
                "files": list(section.files),
                **(
                    {"parts": [_manifest_part(part) for part in section.parts]}
                    if section.parts
                    else {}
                ),
                **(
                    {"empty_reason": empty_reason(section.entry)} if section.records is None else {}
                ),
            }
            for section in sections
        ],
        "files": [
            {"path": member.path, "size": member.size, "sha256": member.sha256}
            for member in members
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _manifest_part(part: PartSection) -> dict[str, Any]:
    return {
        "part": part.part,
        "title": part.title,
        "records": part.records,
        "files": list(part.files),
    }
