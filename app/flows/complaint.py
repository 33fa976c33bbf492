"""An overdue request (issue 13): remind the service, or write a complaint to an authority.

The complaint is written from the service's signed statement of the request, fetched now
and checked against the service's published keys before a word is written: a statement
that does not verify is refused (`StatementNotVerified`), never turned into evidence.
The app never sends the complaint: it saves it with its evidence (app/local/
complaint_bundle.py); the page then opens the authority's site and the folder.

Runs on a worker thread (app/ui/tasks.py); blocking. The PDF's layout is passed in
(`render_pdf`), so that this module needs no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.authorities import Authority
from app.core.complaint import Complaint, EvidenceFile, write_complaint
from app.core.requests import PrivacyRequest
from app.local.complaint_bundle import SavedComplaint, save_complaint

if TYPE_CHECKING:
    from app.auth.session import AuthSession


class StatementNotVerified(Exception):
    """The service's statement of the request did not verify against its published keys."""


def send_reminder(session: AuthSession, request_id: str) -> PrivacyRequest:
    return session.call(lambda token: session.client.send_reminder(token, request_id))


def write_complaint_about(
    session: AuthSession,
    request_id: str,
    *,
    authority: Authority,
    language: str,
    name: str,
    parent: Path,
    today: date,
    render_pdf: Callable[[Complaint], bytes],
) -> SavedComplaint:
    client = session.client
    acknowledgement = session.call(lambda token: client.acknowledgement(token, request_id))
    keys = client.public_keys()
    if not acknowledgement.verify(keys):
        raise StatementNotVerified(request_id)
    facts = acknowledgement.facts()
    email = session.account.email

    def compose(evidence: list[EvidenceFile]) -> Complaint:
        return write_complaint(
            facts,
            key_id=acknowledgement.key_id,
            authority=authority,
            language=language,
            email=email,
            name=name.strip() or email,
            service_url=client.base_url,
            today=today,
            evidence=evidence,
        )

    return save_complaint(
        parent,
        acknowledgement=acknowledgement,
        keys=keys,
        request_id=facts.request_id,
        language=language,
        service_url=client.base_url,
        today=today,
        compose=compose,
        render_pdf=render_pdf,
    )
