"""Turn the service's JSON into core objects, refusing anything malformed."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from app.api.errors import FailureKind, ServiceError
from app.core.agents import Agent, AgentAuthorisation, GpcSetting
from app.core.catalog import Catalog, Category, Choice, DataFlow, Purpose, Recipient
from app.core.choices import ChoiceOrigin, ChoiceValue, ChoiceValues
from app.core.data import CategoryPart, CategorySummary, RecordPage
from app.core.receipts import ConsentReceipt, PublicKey
from app.core.requests import (
    ExportInfo,
    PrivacyRequest,
    RequestAgent,
    RequestEvent,
    RequestKind,
    RequestStatus,
)

E = TypeVar("E", bound=Enum)


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


def optional_flag(obj: Any, name: str) -> bool:
    """A yes/no an older service does not send: absent or null reads as no."""
    value = obj.get(name) if isinstance(obj, dict) else None
    if value is None:
        return False
    if not isinstance(value, bool):
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
            gpc=optional_flag(item, "gpc"),
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
    purposes = tuple(Purpose(*_flow_node(item)) for item in _optional_list(data, "purposes"))
    recipients = tuple(Recipient(*_flow_node(item)) for item in _optional_list(data, "recipients"))
    flows = tuple(
        DataFlow(
            category=field(category, "id", str),
            purpose=field(item, "purpose", str),
            recipient=field(item, "recipient", str),
            choice=optional_text(item, "choice"),
        )
        for category in field(data, "categories", list)
        for item in _optional_list(category, "flows")
    )
    return Catalog(
        language=field(data, "language", str),
        choices=choices,
        categories=categories,
        purposes=purposes,
        recipients=recipients,
        flows=flows,
    )


def _optional_list(obj: Any, name: str) -> list[Any]:
    """A list an older service does not send: absent or null reads as empty."""
    value = obj.get(name) if isinstance(obj, dict) else None
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(f"field '{name}' has the wrong type")
    return value


def _flow_node(item: Any) -> tuple[str, str, str]:
    return field(item, "id", str), field(item, "title", str), field(item, "explanation", str)


def parse_choice_values(data: Any, etag: str | None) -> ChoiceValues:
    if not etag:
        raise _bad("the answer carries no ETag")
    values = tuple(
        ChoiceValue(
            id=field(item, "id", str),
            value=field(item, "value", bool),
            changed_at=timestamp(item.get("changed_at"), "changed_at"),
            origin=_choice_origin(item),
            origin_client=optional_text(item, "origin_client") or None,
        )
        for item in field(data, "choices", list)
    )
    return ChoiceValues(etag=etag, values=values)


def _choice_origin(item: Any) -> ChoiceOrigin | None:
    """Who set the value; None from a service that does not say, or names a kind of
    origin this app does not know yet (it is only shown, never acted on)."""
    origin = optional_text(item, "origin")
    if origin is None:
        return None
    try:
        return ChoiceOrigin(origin)
    except ValueError:
        return None


# --- times --------------------------------------------------------------------------------


def utc_timestamp(value: Any, name: str) -> datetime:
    """A required point in time, as an aware UTC datetime.

    The API writes every time in UTC with an offset; a time without one could mean any
    zone, so it is refused rather than guessed (a deadline must never shift by hours).
    """
    moment = timestamp(value, name)
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise _bad(f"field '{name}' is not a time in UTC")
    return moment.astimezone(UTC)


def optional_utc_timestamp(value: Any, name: str) -> datetime | None:
    return None if value is None else utc_timestamp(value, name)


def optional_cursor(obj: Any) -> str | None:
    """The next page's cursor; it must be there (null on the last page), or a page that
    lost it would silently pass for the last one."""
    if not isinstance(obj, dict) or "next_cursor" not in obj:
        raise _bad("missing field 'next_cursor'")
    cursor = optional_text(obj, "next_cursor")
    if cursor == "":
        raise _bad("field 'next_cursor' is empty")
    return cursor


def text_tuple(obj: Any, name: str) -> tuple[str, ...]:
    items = field(obj, name, list)
    if not all(isinstance(item, str) for item in items):
        raise _bad(f"field '{name}' must list text")
    return tuple(items)


# --- your data ------------------------------------------------------------------------------


def parse_category_summary(item: Any) -> CategorySummary:
    ccpa = tuple(field(entry, "label", str) for entry in field(item, "ccpa", list))
    count = field(item, "count", int)
    if count < 0:
        raise _bad("field 'count' is negative")
    return CategorySummary(
        id=field(item, "id", str),
        title=field(item, "title", str),
        holds_records=field(item, "holds_records", bool),
        empty_reason=optional_text(item, "empty_reason"),
        count=count,
        first_collected=optional_utc_timestamp(item.get("first_collected"), "first_collected"),
        last_collected=optional_utc_timestamp(item.get("last_collected"), "last_collected"),
        retention=field(item, "retention", str),
        retention_rule=optional_text(item, "retention_rule"),
        sources=field(item, "sources", str),
        purposes=field(item, "purposes", str),
        recipients=field(item, "recipients", str),
        ccpa=ccpa,
        parts=tuple(
            CategoryPart(
                part=field(part, "part", str),
                title=field(part, "title", str),
                count=field(part, "count", int),
            )
            for part in (item.get("parts") or [])
        ),
    )


def parse_data_summary(data: Any) -> tuple[CategorySummary, ...]:
    return tuple(parse_category_summary(item) for item in field(data, "categories", list))


_RECORD_VALUE_TYPES = (str, int, float, bool, type(None))


def _record(item: Any, fields: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(item, dict):
        raise _bad("a record is not an object")
    if any(name not in item for name in fields):
        raise _bad("a record lacks one of the page's fields")
    if not all(isinstance(value, _RECORD_VALUE_TYPES) for value in item.values()):
        raise _bad("a record holds a value that is not plain")
    return {str(name): value for name, value in item.items()}


def parse_record_page(data: Any) -> RecordPage:
    fields = text_tuple(data, "fields")
    return RecordPage(
        category=field(data, "category", str),
        fields=fields,
        records=tuple(_record(item, fields) for item in field(data, "records", list)),
        next_cursor=optional_cursor(data),
    )


# --- receipts and keys ------------------------------------------------------------------------


def parse_receipt(item: Any) -> ConsentReceipt:
    return ConsentReceipt(
        id=field(item, "id", str),
        issued_at=utc_timestamp(field(item, "issued_at", str), "issued_at"),
        choice_id=field(item, "choice_id", str),
        value=field(item, "value", bool),
        payload=field(item, "payload", str),
        signature=field(item, "signature", str),
        key_id=field(item, "key_id", str),
    )


def parse_receipts(data: Any, name: str = "receipts") -> tuple[ConsentReceipt, ...]:
    return tuple(parse_receipt(item) for item in field(data, name, list))


def parse_receipt_page(data: Any) -> tuple[tuple[ConsentReceipt, ...], str | None]:
    return parse_receipts(data), optional_cursor(data)


# Keys of other algorithms may appear one day; this app can only check Ed25519 signatures.
SIGNATURE_ALGORITHM = "Ed25519"


def parse_public_keys(data: Any) -> tuple[PublicKey, ...]:
    keys = []
    for item in field(data, "keys", list):
        key = PublicKey(
            key_id=field(item, "key_id", str),
            public_key=field(item, "public_key", str),
            created_at=utc_timestamp(field(item, "created_at", str), "created_at"),
        )
        if field(item, "algorithm", str) == SIGNATURE_ALGORITHM:
            keys.append(key)
    return tuple(keys)


def parse_choices_changed(
    data: Any, etag: str | None
) -> tuple[ChoiceValues, tuple[ConsentReceipt, ...]]:
    """The PATCH answer: the new values and one receipt per choice that really changed."""
    return parse_choice_values(data, etag), parse_receipts(data)


# --- requests ---------------------------------------------------------------------------------


def _enum_value(kind: type[E], value: Any, name: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise _bad(f"field '{name}' has a value this app does not know") from None


def _details(data: Any) -> dict[str, object]:
    details = field(data, "details", dict)
    if not all(isinstance(value, str | None) for value in details.values()):
        raise _bad("field 'details' holds a value that is not text")
    return {str(key): value for key, value in details.items()}


def _export(data: Any) -> ExportInfo | None:
    export = data.get("export")
    if export is None:
        return None
    size = field(export, "size", int)
    sha256 = field(export, "sha256", str).lower()
    if size < 0 or len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise _bad("field 'export' does not describe a file")
    return ExportInfo(
        size=size,
        sha256=sha256,
        expires_at=utc_timestamp(field(export, "expires_at", str), "expires_at"),
    )


def parse_request_event(item: Any) -> RequestEvent:
    return RequestEvent(
        status=_enum_value(RequestStatus, field(item, "status", str), "status"),
        at=utc_timestamp(field(item, "at", str), "at"),
        note=field(item, "note", str),
    )


def parse_request(data: Any) -> PrivacyRequest:
    extended = data.get("extended_by_months", 0) if isinstance(data, dict) else 0
    if not isinstance(extended, int) or isinstance(extended, bool) or extended < 0:
        raise _bad("field 'extended_by_months' has the wrong type")
    return PrivacyRequest(
        id=field(data, "id", str),
        kind=_enum_value(RequestKind, field(data, "kind", str), "kind"),
        status=_enum_value(RequestStatus, field(data, "status", str), "status"),
        received_at=utc_timestamp(field(data, "received_at", str), "received_at"),
        due_at=utc_timestamp(field(data, "due_at", str), "due_at"),
        extension_reason=optional_text(data, "extension_reason"),
        denial_reason=optional_text(data, "denial_reason"),
        grace_until=optional_utc_timestamp(data.get("grace_until"), "grace_until"),
        completed_at=optional_utc_timestamp(data.get("completed_at"), "completed_at"),
        details=_details(data),
        history=tuple(parse_request_event(item) for item in field(data, "history", list)),
        export=_export(data),
        extended_by_months=extended,
        agent=_request_agent(data),
    )


def _request_agent(data: Any) -> RequestAgent | None:
    """The agent that filed the request; absent (an older service) or null: the user."""
    agent = data.get("agent")
    if agent is None:
        return None
    name = field(agent, "name", str)
    if not name.strip():
        raise _bad("field 'agent' has no name")
    return RequestAgent(id=field(agent, "id", str), name=name)


def parse_request_list(data: Any) -> tuple[PrivacyRequest, ...]:
    return tuple(parse_request(item) for item in field(data, "requests", list))


def parse_timeline(data: Any, category: str) -> tuple[tuple[str, int], ...]:
    """Records per month ("YYYY-MM", count), oldest first."""
    if field(data, "category", str) != category:
        raise _bad("the timeline is of another category")
    return tuple(
        (field(month, "month", str), field(month, "count", int))
        for month in field(data, "months", list)
    )


# --- authorised agents and Global Privacy Control ----------------------------------------------


def _agent_kinds(obj: Any) -> tuple[RequestKind, ...]:
    kinds = tuple(_enum_value(RequestKind, kind, "kinds") for kind in text_tuple(obj, "kinds"))
    if RequestKind.CORRECTION in kinds:
        raise _bad("field 'kinds' names a request an agent cannot file")
    return kinds


def parse_agents(data: Any) -> tuple[Agent, ...]:
    """The agents the service knows (GET /v1/agents)."""
    return tuple(
        Agent(
            id=field(item, "id", str),
            name=field(item, "name", str),
            web_url=field(item, "web_url", str),
            kinds=_agent_kinds(item),
        )
        for item in field(data, "agents", list)
    )


def parse_agent_authorisation(item: Any) -> AgentAuthorisation:
    return AgentAuthorisation(
        id=field(item, "id", str),
        agent_id=field(item, "agent_id", str),
        agent_name=field(item, "agent_name", str),
        kinds=_agent_kinds(item),
        granted_at=utc_timestamp(field(item, "granted_at", str), "granted_at"),
        valid_until=utc_timestamp(field(item, "valid_until", str), "valid_until"),
        revoked_at=optional_utc_timestamp(item.get("revoked_at"), "revoked_at"),
        active=field(item, "active", bool),
    )


def parse_agent_authorisations(data: Any) -> tuple[AgentAuthorisation, ...]:
    """The user's authorisations, newest first (GET /v1/me/agent-authorisations)."""
    return tuple(parse_agent_authorisation(item) for item in field(data, "authorisations", list))


def parse_gpc_setting(data: Any) -> GpcSetting:
    return GpcSetting(honour_signals=field(data, "honour_signals", bool))
