"""R3: apply a correction of the profile, or refuse it with a reason the user can read.

A correction is accepted automatically when the proposed value is valid: an e-mail address
must be well formed and not belong to another account; a username must be printable and
not blank. The request keeps the old and the new value, so the user sees both.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.accounts import normalise_email
from server.db.models import User
from server.jobs.context import JobContext
from server.jobs.request_steps import begin_work, load_request
from server.requests_flow import RequestStatus, details_of, set_details, transition

# The fields of the profile (C1) a correction may change.
CORRECTABLE_FIELDS = ("username", "email")

# Deliberately plain: one @, a dot in the domain, no spaces. Mail delivery is the real test.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_USERNAME_LENGTH = 100
MAX_EMAIL_LENGTH = 320


def _refusal(session: Session, user: User, field: str, proposed: str) -> str | None:
    """Why the proposed value cannot be applied, or None when it can."""
    if field == "email":
        address = normalise_email(proposed)
        if len(address) > MAX_EMAIL_LENGTH or not _EMAIL.match(address):
            return "The proposed e-mail address is not a valid address."
        if address == user.email:
            return "The proposed e-mail address is already the one on your account."
        taken = session.scalar(select(User.id).where(User.email == address, User.id != user.id))
        if taken is not None:
            return "The proposed e-mail address is already used by another account."
        return None
    if field == "username":
        name = proposed.strip()
        if not name or len(name) > MAX_USERNAME_LENGTH:
            return f"A username needs between 1 and {MAX_USERNAME_LENGTH} characters."
        if not name.isprintable():
            return "A username cannot contain control characters."
        if name == user.username:
            return "The proposed username is already the one on your account."
        return None
    return "This part of the profile cannot be corrected through a request."


def handle_correction(context: JobContext) -> None:
    """One transaction: check, apply, complete. A second run finds the request closed."""
    settings = context.settings
    with context.database.session() as session:
        now = settings.clock()
        request = load_request(session, context.request_id())
        if request is None or not begin_work(session, request, now):
            return
        user = session.get(User, request.user_id) if request.user_id else None
        assert user is not None, "begin_work confirmed the account exists"
        details = details_of(request)
        field = str(details.get("field", ""))
        proposed = str(details.get("proposed_value", ""))
        reason = _refusal(session, user, field, proposed)
        if reason is not None:
            transition(request, RequestStatus.DENIED, reason, now=now, denial_reason=reason)
            return
        new_value = normalise_email(proposed) if field == "email" else proposed.strip()
        details["old_value"] = getattr(user, field)
        details["new_value"] = new_value
        set_details(request, details)
        setattr(user, field, new_value)
        transition(
            request,
            RequestStatus.COMPLETED,
            f"Your {field} was corrected; the request shows the old and the new value.",
            now=now,
        )
