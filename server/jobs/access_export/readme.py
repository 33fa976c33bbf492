"""README.html, the page a person opens first: what each kind of data is, where it comes
from, why it is kept, who receives it, how long it stays, with links to its files and its
newest records. The page itself is `readme.html` beside this module; the sections are
built here, escaped, and filled into it."""

from __future__ import annotations

import html
from datetime import datetime
from importlib import resources
from string import Template

from server.config import Settings
from server.db.models import User
from server.jobs.access_export.sections import CategorySection, PartSection, empty_reason

# How many of a category's newest records the README shows as a table.
README_PREVIEW_ROWS = 20
_PREVIEW_CELL_CHARS = 200
_PAGE = Template(resources.files(__package__).joinpath("readme.html").read_text(encoding="utf-8"))


def readme_html(
    settings: Settings,
    user: User,
    request_id: str,
    generated_at: datetime,
    sections: list[CategorySection],
) -> str:
    e = _escape
    contents = "\n".join(
        f'<li><a href="#{e(s.entry.id)}">{e(s.entry.title.en)}</a>{_count_phrase(s)}</li>'
        for s in sections
    )
    return _PAGE.substitute(
        controller=e(settings.controller_name),
        username=e(user.username),
        email=e(user.email),
        when=e(generated_at.strftime("%d %B %Y, %H:%M UTC")),
        request_id=e(request_id),
        policy_url=e(settings.policy_url),
        contents=contents,
        body="\n".join(_readme_section(section) for section in sections),
    )


def _readme_section(section: CategorySection) -> str:
    e, entry = _escape, section.entry
    facts = (
        f"<dt>Where it comes from</dt><dd>{e(entry.sources.en)}</dd>"
        f"<dt>Why it is kept</dt><dd>{e(entry.purposes.en)}</dd>"
        f"<dt>Who receives it</dt><dd>{e(entry.recipients.en)}</dd>"
        f"<dt>How long it is kept</dt><dd>{e(entry.retention.en)}</dd>"
    )
    heading = (
        f'<section id="{e(entry.id)}">\n<h2>{e(entry.title.en)} '
        f'<span class="id">{e(entry.id)}</span></h2>\n<p>{e(entry.explanation.en)}</p>\n'
    )
    if section.parts is None:
        holding = f'<p class="empty">{e(empty_reason(entry))}</p>'
        return f"{heading}{holding}\n<dl>{facts}</dl>\n</section>"
    if len(section.parts) == 1:
        part = section.parts[0]
        return f"{heading}<dl>{facts}{_part_holding(part)}</dl>\n{_preview_table(part)}</section>"
    # Several tables (C6: the activity and the ad profile): each gets its own heading.
    parts = "".join(
        f'<h3 id="{e(entry.id)}-{e(part.part)}">{e(part.title)}</h3>\n'
        f"<dl>{_part_holding(part)}</dl>\n{_preview_table(part)}"
        for part in section.parts
    )
    return f"{heading}<dl>{facts}</dl>\n{parts}</section>"


def _part_holding(part: PartSection) -> str:
    e = _escape
    links = " · ".join(
        f'<a href="{e(path)}">{e(path.rsplit(".", 1)[-1].upper())}</a>' for path in part.files
    )
    return (
        f"<dt>Records</dt><dd>{part.records:,}"
        f"{' (nothing stored right now)' if part.records == 0 else ''}</dd>"
        f"<dt>Files</dt><dd>{links}</dd>"
    )


def _preview_table(part: PartSection) -> str:
    """The newest records as a table: enough to recognise the data without opening a file."""
    if not part.newest:
        return ""
    e, records = _escape, part.records
    caption = (
        f"The newest {len(part.newest)} of {records:,} records; the files hold all of them."
        if records > len(part.newest)
        else "All records, newest first."
    )
    header = "".join(f"<th>{e(name)}</th>" for name in part.fields)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{e(_preview_cell(value))}</td>" for value in row) + "</tr>"
        for row in part.newest
    )
    return (
        f'<div class="records"><table>\n<caption>{e(caption)}</caption>\n'
        f"<thead><tr>{header}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>\n"
    )


def _preview_cell(value: object) -> str:
    if value is None:
        return ""
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if len(text) > _PREVIEW_CELL_CHARS:
        return text[: _PREVIEW_CELL_CHARS - 1] + "…"
    return text


def _count_phrase(section: CategorySection) -> str:
    if section.parts is None:
        return " — no records by design"
    phrase = f" — {_records(sum(part.records for part in section.parts))}"
    if len(section.parts) > 1:
        phrase += (
            " (" + "; ".join(f"{_escape(p.title)}: {p.records:,}" for p in section.parts) + ")"
        )
    return phrase


def _records(count: int) -> str:
    return f"{count:,} record{'' if count == 1 else 's'}"


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
