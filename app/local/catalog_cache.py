"""The service's catalog as last read, so that starting offline still shows every choice.

The catalog is what the service publishes to anyone (choice and category titles and
explanations); it holds nothing about the user. Kept per service address and language.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from pathlib import Path
from typing import Any

from app.core.catalog import Catalog, Category, Choice, DataFlow, Purpose, Recipient
from app.local.atomic import write_atomically

FORMAT_VERSION = 1


class CatalogCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def save(self, service_url: str, catalog: Catalog) -> None:
        with self._lock:
            data = self._read()
            data[_key(service_url, catalog.language)] = dataclasses.asdict(catalog)
            text = json.dumps({"version": FORMAT_VERSION, "catalogs": data}, sort_keys=True)
            write_atomically(self.path, text.encode("utf-8"))

    def load(self, service_url: str, language: str) -> Catalog | None:
        """The last catalog in this language, else in any language; None if never read
        (or unreadable: a cache is never worth an error)."""
        with self._lock:
            data = self._read()
        entry = data.get(_key(service_url, language))
        if entry is None:
            entry = next(
                (v for k, v in sorted(data.items()) if k.startswith(service_url + " ")), None
            )
        try:
            return _catalog(entry) if entry is not None else None
        except (KeyError, TypeError, ValueError):
            return None

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        catalogs = raw.get("catalogs") if isinstance(raw, dict) else None
        return dict(catalogs) if isinstance(catalogs, dict) else {}


def _key(service_url: str, language: str) -> str:
    return f"{service_url} {language}"


def _catalog(entry: Any) -> Catalog:
    choices = tuple(
        Choice(
            id=str(c["id"]),
            title=str(c["title"]),
            explanation=str(c["explanation"]),
            default=bool(c["default"]),
            categories=tuple(str(x) for x in c["categories"]),
            gpc=bool(c.get("gpc", False)),
        )
        for c in entry["choices"]
    )
    categories = tuple(
        Category(**{f.name: c[f.name] for f in dataclasses.fields(Category)})
        for c in entry["categories"]
    )
    # Kept since the catalog declared its flows (Who receives your data); absent before.
    purposes = tuple(
        Purpose(str(p["id"]), str(p["title"]), str(p["explanation"]))
        for p in entry.get("purposes", ())
    )
    recipients = tuple(
        Recipient(str(r["id"]), str(r["title"]), str(r["explanation"]))
        for r in entry.get("recipients", ())
    )
    flows = tuple(
        DataFlow(
            str(f["category"]),
            str(f["purpose"]),
            str(f["recipient"]),
            None if f["choice"] is None else str(f["choice"]),
        )
        for f in entry.get("flows", ())
    )
    return Catalog(
        language=str(entry["language"]),
        choices=choices,
        categories=categories,
        purposes=purposes,
        recipients=recipients,
        flows=flows,
    )
