"""Turn the service's JSON into core objects, refusing anything malformed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.api.errors import FailureKind, ServiceError
from app.core.catalog import Catalog, Category, Choice
from app.core.choices import ChoiceValue, ChoiceValues


def _bad(what: str) -> ServiceError:
    return ServiceError(FailureKind.BAD_ANSWER, what)


def field(obj: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(obj, dict) or name not in obj:
        raise _bad(f"missing field '{name}'")
    value = obj[name]
    # bool is a subclass of int: never let one pass for the other.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _bad(f"field '{name}' has the wrong type")
    return value


def optional_text(obj: Any, name: str) -> str | None:
    value = obj.get(name) if isinstance(obj, dict) else None
    if value is not None and not isinstance(value, str):
        raise _bad(f"field '{name}' has the wrong type")
    return value


def timestamp(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(f"field '{name}' is not a timestamp")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise _bad(f"field '{name}' is not a timestamp") from error


def parse_catalog(data: Any) -> Catalog:
    choices = tuple(
        Choice(
            id=field(item, "id", str),
            title=field(item, "title", str),
            explanation=field(item, "explanation", str),
            default=field(item, "default", bool),
            categories=tuple(str(c) for c in field(item, "categories", list)),
        )
        for item in field(data, "choices", list)
    )
    categories = tuple(
        Category(
            id=field(item, "id", str),
            title=field(item, "title", str),
            explanation=field(item, "explanation", str),
            sources=field(item, "sources", str),
            purposes=field(item, "purposes", str),
            recipients=field(item, "recipients", str),
            retention=field(item, "retention", str),
            holds_records=field(item, "holds_records", bool),
            empty_reason=optional_text(item, "empty_reason"),
        )
        for item in field(data, "categories", list)
    )
    return Catalog(language=field(data, "language", str), choices=choices, categories=categories)


def parse_choice_values(data: Any, etag: str | None) -> ChoiceValues:
    if not etag:
        raise _bad("the answer carries no ETag")
    values = tuple(
        ChoiceValue(
            id=field(item, "id", str),
            value=field(item, "value", bool),
            changed_at=timestamp(item.get("changed_at"), "changed_at"),
        )
        for item in field(data, "choices", list)
    )
    return ChoiceValues(etag=etag, values=values)
