"""GET /v1/me/data: what the service holds about the user, summarised and record by record.

The summary answers "what do you have on me and why" for every catalog category (R1);
the record listing shows the actual rows, newest first. A heavy user has a million
playback events, so pages are found by keyset (the last row's time and id, carried in an
opaque cursor) on the (user_id, time, id) index: no OFFSET, no count per page.

A category may keep its records in more than one table, its parts (C6: the activity and the
ad profile inferred from it; see `server.data_stores`). The summary's count, first and last
cover every part, and `parts` gives each part's own figures. Records come one part at a
time, because each part has fields of its own: the main part unless `?part=` names another,
each part with cursors of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Connection, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from server.api.deps import (
    BearerToken,
    Caller,
    CurrentUser,
    SessionDep,
    caller_for_token,
    json_answer,
    on_connection,
    settings_of,
)
from server.api.language import negotiate_language
from server.catalog.ccpa import CCPA_CLASSES_BY_ID, CCPA_CLASSES_OF_CATEGORY
from server.catalog.entries import CATEGORIES, CATEGORIES_BY_ID
from server.catalog.model import CategoryEntry
from server.cursors import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    decode_cursor,
    encode_cursor,
    invalid_cursor,
)
from server.data_stores import (
    MAIN_PART,
    PROFILE_CATEGORY,
    PROFILE_FIELDS,
    CategoryStore,
    profile_record,
    stores_of,
)
from server.db.models import User
from server.input_limits import WholeNumberText
from server.problems import Problem

router = APIRouter(prefix="/v1/me", tags=["data"])

# What one field of a record can be once it is ready for JSON.
RecordValue = str | int | float | bool | None


class CcpaClassView(BaseModel):
    id: str
    label: str


class PartSummary(BaseModel):
    """One table of a category's records: what it holds and how much of it."""

    # Pass it as ?part= to GET /v1/me/data/{category}; "records" is the main part.
    part: str
    title: str
    count: int
    first_collected: datetime | None
    last_collected: datetime | None


class CategorySummary(BaseModel):
    id: str
    title: str
    holds_records: bool
    empty_reason: str | None
    # Every part together; `parts` has each part's own figures.
    count: int
    first_collected: datetime | None
    last_collected: datetime | None
    retention: str
    retention_rule: str | None
    sources: str
    purposes: str
    recipients: str
    ccpa: list[CcpaClassView]
    # The tables the records are kept in, main part first; empty for the profile (C1, one
    # record) and for categories that hold nothing by design.
    parts: list[PartSummary] = []


class DataSummary(BaseModel):
    language: str
    categories: list[CategorySummary]


class RecordPage(BaseModel):
    category: str
    # Which part of the category these records are ("records": the main part).
    part: str = MAIN_PART
    fields: list[str]
    records: list[dict[str, RecordValue]]
    # Pass it back as ?cursor= for the next (older) page; null on the last page.
    next_cursor: str | None


# --- the summary --------------------------------------------------------------------------


def _held(session: Session, user: User, store: CategoryStore) -> tuple[int, Any, Any]:
    """How many records, and the oldest and newest collection time, in one part."""
    time_column = store.column(store.time_column)
    mine = store.column("user_id") == user.id
    # Three queries on the (user_id, time, id) index: the count walks the user's part of it
    # without reading a column; the oldest and newest are one seek each. (One query with
    # all three aggregates would decode the time of every row, several times slower.)
    count = session.scalar(select(func.count()).select_from(store.model).where(mine))
    first = session.scalar(select(func.min(time_column)).where(mine))
    last = session.scalar(select(func.max(time_column)).where(mine))
    return int(count or 0), first, last


def _part_summary(
    session: Session, user: User, entry: CategoryEntry, store: CategoryStore, language: str
) -> PartSummary:
    count, first, last = _held(session, user, store)
    title = store.part_title or entry.title
    return PartSummary(
        part=store.part,
        title=title.in_language(language),
        count=count,
        first_collected=first,
        last_collected=last,
    )


def _summary(session: Session, user: User, entry: CategoryEntry, language: str) -> CategorySummary:
    parts = [_part_summary(session, user, entry, store, language) for store in stores_of(entry.id)]
    first: datetime | None
    last: datetime | None
    if entry.id == PROFILE_CATEGORY:
        count, first, last = 1, user.created_at, user.created_at
    else:
        count = sum(part.count for part in parts)
        firsts = [part.first_collected for part in parts if part.first_collected is not None]
        lasts = [part.last_collected for part in parts if part.last_collected is not None]
        first, last = min(firsts, default=None), max(lasts, default=None)
    return CategorySummary(
        id=entry.id,
        title=entry.title.in_language(language),
        holds_records=entry.holds_records,
        empty_reason=entry.empty_reason.in_language(language) if entry.empty_reason else None,
        count=count,
        first_collected=first,
        last_collected=last,
        retention=entry.retention.in_language(language),
        retention_rule=entry.retention_rule,
        sources=entry.sources.in_language(language),
        purposes=entry.purposes.in_language(language),
        recipients=entry.recipients.in_language(language),
        ccpa=[
            CcpaClassView(
                id=class_id, label=CCPA_CLASSES_BY_ID[class_id].label.in_language(language)
            )
            for class_id in CCPA_CLASSES_OF_CATEGORY.get(entry.id, ())
        ],
        parts=parts,
    )


@router.get("/data", response_model=DataSummary)
def data_summary(
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    accept_language: Annotated[str | None, Header()] = None,
) -> DataSummary:
    language = negotiate_language(accept_language)
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Accept-Language"
    return DataSummary(
        language=language,
        categories=[_summary(session, user, entry, language) for entry in CATEGORIES],
    )


# --- the records --------------------------------------------------------------------------


def _json_value(value: Any) -> RecordValue:
    if isinstance(value, datetime):
        return iso_utc(value)
    assert value is None or isinstance(value, str | int | float | bool)
    return value


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a 'Z', the way the rest of the API writes times."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


_PAGE_STATEMENTS: dict[tuple[int, bool], Any] = {}


def _page_statement(store: CategoryStore, *, after: bool) -> Any:
    """The page query of one part, built once per part (with and without a cursor) on the
    table's columns: Core, so no ORM entities to load, and its compiled form is cached."""
    key = (id(store), after)
    statement = _PAGE_STATEMENTS.get(key)
    if statement is None:
        columns = store.model.__table__.c
        time_column, id_column = columns[store.time_column], columns["id"]
        statement = select(id_column, *(columns[name] for name in store.fields)).where(
            columns["user_id"] == bindparam("user_id")
        )
        if after:
            # "older than (t, id)", written so that `time <= t` bounds the index range.
            statement = statement.where(
                and_(
                    time_column <= bindparam("after_time"),
                    or_(time_column < bindparam("after_time"), id_column < bindparam("after_id")),
                )
            )
        # One row more than asked tells whether another page exists, without counting.
        statement = statement.order_by(time_column.desc(), id_column.desc()).limit(
            bindparam("rows")
        )
        _PAGE_STATEMENTS[key] = statement
    return statement


def _store_page(
    session: Session | Connection,
    user_id: str,
    store: CategoryStore,
    cursor: str | None,
    limit: int,
) -> RecordPage:
    parameters: dict[str, Any] = {"user_id": user_id, "rows": limit + 1}
    if cursor is not None:
        id_type = store.model.__table__.c.id.type.python_type
        after_time, after_id = decode_cursor(cursor, store.cursor_scope, id_type)
        parameters.update(after_time=after_time, after_id=after_id)
    statement = _page_statement(store, after=cursor is not None)
    rows = session.execute(statement, parameters).all()
    names = ("id", *store.fields)
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page[-1]
        next_cursor = encode_cursor(store.cursor_scope, getattr(last, store.time_column), last.id)
    # Built from values this module checked (`_json_value`): not validated a second time.
    return RecordPage.model_construct(
        category=store.category_id,
        part=store.part,
        fields=list(names),
        records=[
            {name: _json_value(value) for name, value in zip(names, row, strict=True)}
            for row in page
        ],
        next_cursor=next_cursor,
    )


@router.get(
    "/data/{category}",
    response_model=RecordPage,
    responses={
        400: {"description": "The cursor is not one this service issued"},
        404: {"description": "No such category, or no such part of it"},
    },
)
async def data_records(
    category: str,
    request: Request,
    token: BearerToken,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE), WholeNumberText] = DEFAULT_PAGE_SIZE,
    part: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Which part of the category to list (the `parts` of GET /v1/me/data, "
            "e.g. C6's `ad-profile`); leave it out for the main part, `records`. A cursor "
            "belongs to the part it came from.",
        ),
    ] = None,
) -> Response:
    """The category's records, newest first; follow next_cursor for older ones.

    A hot read: the token check and the page in one transaction, on one trip to the thread
    pool (server/api/deps.py, `on_connection`)."""
    clock = settings_of(request).clock

    def read(connection: Connection) -> RecordPage:
        caller = caller_for_token(connection, token, clock())
        return _records(connection, caller, category, cursor, limit, part)

    page = await on_connection(request, read)
    return json_answer(page, {})


def _records(
    connection: Connection,
    caller: Caller,
    category: str,
    cursor: str | None,
    limit: int,
    part: str | None,
) -> RecordPage:
    if category not in CATEGORIES_BY_ID:
        raise Problem(
            404,
            "No such category",
            "The catalog (GET /v1/catalog) lists the categories.",
            code="unknown_category",
        )
    stores = stores_of(category)
    wanted = MAIN_PART if part is None else part
    store = next((store for store in stores if store.part == wanted), None)
    if store is not None:
        return _store_page(connection, caller.id, store, cursor, limit)
    if wanted != MAIN_PART:
        raise Problem(
            404,
            "No such part",
            "The parts of each category are listed under `parts` in GET /v1/me/data.",
            code="unknown_part",
        )
    if cursor is not None:
        # Only categories with many records hand out cursors; none can point in here.
        raise invalid_cursor()
    if category == PROFILE_CATEGORY:
        # The profile is a single record, so its one page is the whole category.
        user = Session(bind=connection).get_one(User, caller.id)
        profile = profile_record(user)
        names = ["id", *PROFILE_FIELDS]
        return RecordPage(
            category=category,
            fields=names,
            records=[{name: _json_value(profile[name]) for name in names}],
            next_cursor=None,
        )
    # A category that holds nothing by design (C3, C9, C13, C16): the summary says why.
    return RecordPage(category=category, fields=[], records=[], next_cursor=None)
