"""The sign-in pages: Jinja2 templates rendered in the user's language.

The language is the `lang` parameter when it names one the service speaks (the link at the
top of every page sets it), else the best match of `Accept-Language`. The pages need no
JavaScript and load nothing from elsewhere; they may not be framed (clickjacking) and send
no referrer (the page address holds the PKCE challenge and state).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from server.api.language import SUPPORTED, negotiate_language
from server.oauth.messages import MESSAGES

_environment = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Vary": "Accept-Language, Cookie",
}


def page_language(request: Request, chosen: str | None) -> str:
    if chosen in SUPPORTED:
        return chosen
    return negotiate_language(request.headers.get("accept-language"))


def other_language(language: str) -> str:
    return next(other for other in SUPPORTED if other != language)


def text(language: str, key: str, **values: str) -> str:
    return MESSAGES[language][key].format(**values)


def render_page(
    template: str,
    *,
    language: str,
    path: str,
    query: Mapping[str, str],
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """`template` in `language`; `path` and `query` make the link to the other language."""
    other = other_language(language)
    switch = f"{path}?{urlencode({**query, 'lang': other})}"
    html = _environment.get_template(template).render(
        lang=language, t=MESSAGES[language], other_lang=other, switch_url=switch, **context
    )
    return HTMLResponse(
        html,
        status_code=status,
        headers={**_PAGE_HEADERS, "Content-Language": language, **(headers or {})},
    )
