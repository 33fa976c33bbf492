"""GET /v1/catalog: the choices and categories as data, in the caller's language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel

from server.api.language import negotiate_language
from server.catalog.entries import CATEGORIES, CHOICES

router = APIRouter(prefix="/v1", tags=["catalog"])


class CatalogChoice(BaseModel):
    id: str
    title: str
    explanation: str
    default: bool
    categories: list[str]


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


class Catalog(BaseModel):
    language: str
    choices: list[CatalogChoice]
    categories: list[CatalogCategory]


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
            )
            for category in CATEGORIES
        ],
    )


@router.get("/catalog", response_model=Catalog)
def catalog(response: Response, accept_language: Annotated[str | None, Header()] = None) -> Catalog:
    language = negotiate_language(accept_language)
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Accept-Language"
    return build_catalog(language)
