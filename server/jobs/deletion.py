"""R4: delete an account once its grace period is over, leaving only a tombstone.

What goes: every record of every category in `server.data_stores.STORES`, the choices and
their history, the ad profile, all tokens (so every signed-in app is signed out at once),
the user's other requests and their access copies, and finally the profile itself.

What stays:
- playback statistics, unlinked (T5): the rows keep their generalised figures but lose
  the user id and the IP address, so they can no longer be tied to anyone;
- this deletion request, unlinked and stripped of its details, until the retention sweep
  removes it 30 days later (T4);
- a `DeletionTombstone`: the request id, the two dates and the SHA-256 of the e-mail
  address, so sign-in can say "this account was deleted" and support can confirm a
  deletion when the person asks, without the service keeping the address itself.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.accounts import email_digest
from server.data_stores import STORES
from server.db.models import (
    Base,
    DeletionTombstone,
    PlaybackEvent,
    PrivacyRequest,
    User,
)
from server.jobs.context import JobContext
from server.jobs.request_steps import load_request
from server.requests_flow import RequestStatus, set_details, transition

# Tables handled on their own below rather than by the "every row with this user id" rule.
_HANDLED_APART = frozenset({User.__tablename__, PrivacyRequest.__tablename__})


def unlink_playback_statistics(session: Session, user_id: str) -> None:
    """T5: keep the figures, drop who and where."""
    session.execute(
        update(PlaybackEvent)
        .where(PlaybackEvent.user_id == user_id)
        .values(user_id=None, ip_address=None)
        .execution_options(synchronize_session=False)
    )


def delete_personal_rows(session: Session, user_id: str) -> None:
    """Every category's records, then every other table that is keyed by the user."""
    for store in STORES.values():
        if store.model is PlaybackEvent:
            continue
        session.execute(
            delete(store.model)
            .where(store.column("user_id") == user_id)
            .execution_options(synchronize_session=False)
        )
    # Choices and their history, the ad profile, access and refresh tokens, and any table
    # added later with a user_id column: nothing keyed by the account outlives it.
    for table in reversed(Base.metadata.sorted_tables):
        if table.name in _HANDLED_APART or table.name == PlaybackEvent.__tablename__:
            continue
        if "user_id" in table.c:
            session.execute(table.delete().where(table.c.user_id == user_id))


def delete_account(session: Session, request: PrivacyRequest, user: User) -> list[Path]:
    """Do the whole deletion in the caller's transaction; returns export files to remove.

    The files are removed by the caller after the commit, so a rolled-back deletion never
    leaves requests pointing at copies that are gone.
    """
    now_files: list[Path] = []
    user_id = user.id
    unlink_playback_statistics(session, user_id)
    delete_personal_rows(session, user_id)
    other_requests = session.scalars(
        select(PrivacyRequest).where(
            PrivacyRequest.user_id == user_id, PrivacyRequest.id != request.id
        )
    ).all()
    for other in other_requests:
        if other.export_file:
            now_files.append(Path(other.export_file))
        session.delete(other)
    request.user_id = None
    set_details(request, {})
    session.flush()
    session.execute(
        delete(User).where(User.id == user_id).execution_options(synchronize_session=False)
    )
    return now_files


def handle_deletion(context: JobContext) -> None:
    """Runs at the end of the grace period. A cancelled or finished request is left alone."""
    settings = context.settings
    files: list[Path] = []
    with context.database.session() as session:
        now = settings.clock()
        request = load_request(session, context.request_id())
        if request is None or request.status != RequestStatus.IN_PROGRESS:
            return
        if request.grace_until is not None and now < request.grace_until:
            raise RuntimeError("the grace period of this deletion is not over yet")
        user = session.get(User, request.user_id) if request.user_id else None
        if user is None:
            transition(
                request,
                RequestStatus.DENIED,
                "The account was already gone.",
                now=now,
                denial_reason="The account no longer exists.",
            )
            return
        # The guarded status change comes first: it takes the write lock, and if a cancel
        # got there before us it fails before a single row is deleted.
        transition(
            request,
            RequestStatus.COMPLETED,
            "The account and its personal data were deleted; playback statistics were kept "
            "without any link to you.",
            now=now,
        )
        email = user.email
        files = delete_account(session, request, user)
        session.add(
            DeletionTombstone(
                request_id=request.id,
                email_digest=email_digest(email),
                requested_at=request.received_at,
                deleted_at=now,
            )
        )
    for path in files:
        path.unlink(missing_ok=True)
