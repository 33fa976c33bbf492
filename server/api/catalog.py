"""GET /v1/catalog: the choices and categories as data, in the caller's language."""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel, Field

from server.api.deps import READ_AGAIN, IfNoneMatch, answer_or_not_modified, etag_of
from server.api.language import negotiate_language
from server.catalog.entries import CATEGORIES, CHOICES, PURPOSES, RECIPIENTS

router = APIRouter(prefix="/v1", tags=["catalog"])


class CatalogChoice(BaseModel):
    id: str
    title: str
    explanation: str
    default: bool
    categories: list[str]
    gpc: bool = Field(
        description="A Global Privacy Control signal (`Sec-GPC: 1`) on a signed-in call "
        "switches this choice off, unless the user switched it back on after a signal."
    )


class CatalogFlow(BaseModel):
    """The category's data goes to `recipient` for `purpose`; with a `choice`, only while
    that choice is on."""

    purpose: str = Field(description="The id of an entry in the catalog's purposes.")
    recipient: str = Field(description="The id of an entry in the catalog's recipients.")
    choice: str | None = Field(
        description="The id of the choice that governs this flow; null if no choice does."
    )


class CatalogPurpose(BaseModel):
    """Why data is used."""

    id: str
    title: str
    explanation: str


class CatalogRecipient(BaseModel):
    """Who receives data: the service itself, the user's own devices, or an outside party."""

    id: str
    title: str
    explanation: str


class CatalogCategory(BaseModel):
    id: str
    title: str
    explanation: str
    sources: str
    purposes: str
    recipients: str
    retention: str
    retention_rule: str | None
    holds_records: bool
    empty_reason: str | None
    flows: list[CatalogFlow] = Field(
        description="Where this category's data goes: every purpose it serves and who "
        "receives it for that purpose."
    )


class Catalog(BaseModel):
    language: str
    choices: list[CatalogChoice]
    categories: list[CatalogCategory]
    purposes: list[CatalogPurpose] = Field(description="Every purpose a flow may name.")
    recipients: list[CatalogRecipient] = Field(description="Every recipient a flow may name.")


def build_catalog(language: str) -> Catalog:
    return Catalog(
        language=language,
        choices=[
            CatalogChoice(
                id=choice.id,
                title=choice.title.in_language(language),
                explanation=choice.explanation.in_language(language),
                default=choice.default,
                categories=list(choice.categories),
                gpc=choice.gpc_opts_out,
            )
            for choice in CHOICES
        ],
        categories=[
            CatalogCategory(
                id=category.id,
                title=category.title.in_language(language),
                explanation=category.explanation.in_language(language),
                sources=category.sources.in_language(language),
                purposes=category.purposes.in_language(language),
                recipients=category.recipients.in_language(language),
                retention=category.retention.in_language(language),
                retention_rule=category.retention_rule,
                holds_records=category.holds_records,
                empty_reason=(
                    category.empty_reason.in_language(language) if category.empty_reason else None
                ),
                flows=[
                    CatalogFlow(purpose=flow.purpose, recipient=flow.recipient, choice=flow.choice)
                    for flow in category.flows
                ],
            )
            for category in CATEGORIES
        ],
        purposes=[
            CatalogPurpose(
                id=purpose.id,
                title=purpose.title.in_language(language),
                explanation=purpose.explanation.in_language(language),
            )
            for purpose in PURPOSES
        ],
        recipients=[
            CatalogRecipient(
                id=recipient.id,
                title=recipient.title.in_language(language),
                explanation=recipient.explanation.in_language(language),
            )
            for recipient in RECIPIENTS
        ],
    )


@functools.cache
def _catalog_answer(language: str) -> tuple[str, str]:
    """The catalog's JSON in `language` and its ETag: the same for the whole life of the
    process (the catalog is data in the code), so built once."""
    body = build_catalog(language).model_dump_json()
    return body, etag_of(body)


@router.get("/catalog", response_model=Catalog, responses=READ_AGAIN)
def catalog(
    accept_language: Annotated[str | None, Header()] = None, if_none_match: IfNoneMatch = None
) -> Response:
    language = negotiate_language(accept_language)
    body, etag = _catalog_answer(language)
    return answer_or_not_modified(body, etag, if_none_match, {"Content-Language": language})
