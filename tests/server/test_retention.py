"""Retention sweeps (T2-T4), driven by a fake clock: what may only be kept for a while goes
on time, and nothing younger goes with it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from server.accounts import email_digest
from server.config import Settings
from server.db.database import Database
from server.db.models import (
    Cookie,
    CrashReport,
    DeletionTombstone,
    PrivacyRequest,
    RequestEvent,
)
from server.jobs.retention import sweep
from server.requests_flow import EXPORT_LIFETIME, RequestStatus, add_one_month
from tests.server.helpers import START, Account, FakeClock


def _crash_report(days_old: float) -> CrashReport:
    return CrashReport(
        received_at=START - timedelta(days=days_old),
        app="desk",
        app_version="1",
        device="laptop",
        summary=f"{days_old} days old",
        body="trace",
    )


def test_crash_reports_older_than_ninety_days_are_deleted_younger_ones_stay(
    database: Database, settings: Settings, ada: Account
) -> None:
    with database.session() as session:
        for days in (91, 90.5, 89):
            report = _crash_report(days)
            report.user_id = ada.id
            session.add(report)

    outcome = sweep(database, settings)

    with database.session() as session:
        left = list(session.scalars(select(CrashReport.summary)))
    assert left == ["89 days old"]
    assert outcome.removed_by_category["C10"] == 2


def test_cookies_older_than_fourteen_days_are_reset(
    database: Database, settings: Settings, clock: FakeClock, ada: Account
) -> None:
    with database.session() as session:
        session.add(Cookie(user_id=ada.id, name="old", purpose="p", set_at=START))
        session.add(
            Cookie(user_id=ada.id, name="new", purpose="p", set_at=START + timedelta(days=1))
        )
    clock.advance(days=14, seconds=1)

    sweep(database, settings)

    with database.session() as session:
        assert list(session.scalars(select(Cookie.name))) == ["new"]


def _completed_access_request(database: Database, user_id: str, copy: Path) -> str:
    with database.session() as session:
        request = PrivacyRequest(
            user_id=user_id,
            idempotency_key="copy",
            kind="access",
            status=RequestStatus.COMPLETED.value,
            received_at=START,
            due_at=add_one_month(START),
            completed_at=START,
            export_file=str(copy),
            export_size=copy.stat().st_size,
            export_sha256="0" * 64,
            export_expires_at=START + EXPORT_LIFETIME,
        )
        session.add(request)
        session.flush()
        return request.id


def test_an_access_copy_past_its_seven_days_is_removed_and_the_request_expires(
    database: Database, settings: Settings, clock: FakeClock, ada: Account, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.zip"
    copy.write_bytes(b"PK not really a zip")
    request_id = _completed_access_request(database, ada.id, copy)

    clock.advance(EXPORT_LIFETIME - timedelta(seconds=1))
    sweep(database, settings)
    assert copy.exists()
    clock.advance(seconds=1)
    report = sweep(database, settings)

    assert not copy.exists()
    assert report.expired_exports == 1
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        last = session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id == request_id)
            .order_by(RequestEvent.id.desc())
        ).first()
    assert request is not None and request.status == "expired" and request.export_file is None
    assert last is not None and last.status == "expired" and last.at == clock()


def test_what_is_left_of_a_deleted_account_goes_thirty_days_later_the_tombstone_stays(
    database: Database, settings: Settings, clock: FakeClock
) -> None:
    with database.session() as session:
        leftover = PrivacyRequest(
            user_id=None,
            idempotency_key="gone",
            kind="deletion",
            status=RequestStatus.COMPLETED.value,
            received_at=START - timedelta(days=7),
            due_at=START + timedelta(days=20),
            completed_at=START,
        )
        session.add(leftover)
        session.flush()
        leftover_id = leftover.id
        session.add(
            DeletionTombstone(
                request_id=leftover_id,
                email_digest=email_digest("gone@example.org"),
                requested_at=START - timedelta(days=7),
                deleted_at=START,
            )
        )

    clock.advance(days=29)
    sweep(database, settings)
    with database.session() as session:
        assert session.get(PrivacyRequest, leftover_id) is not None
    clock.advance(days=1)
    report = sweep(database, settings)

    assert report.unlinked_requests == 1
    with database.session() as session:
        assert session.get(PrivacyRequest, leftover_id) is None
        assert len(session.scalars(select(DeletionTombstone)).all()) == 1


def test_a_sweep_leaves_other_accounts_requests_and_fresh_records_alone(
    database: Database, settings: Settings, ada: Account, bob: Account, tmp_path: Path
) -> None:
    copy = tmp_path / "fresh.zip"
    copy.write_bytes(b"fresh")
    request_id = _completed_access_request(database, bob.id, copy)
    with database.session() as session:
        report = _crash_report(1)
        report.user_id = ada.id
        session.add(report)

    outcome = sweep(database, settings)

    assert copy.exists()
    assert outcome.expired_exports == 0 and outcome.removed_by_category["C10"] == 0
    with database.session() as session:
        request = session.get(PrivacyRequest, request_id)
        assert request is not None and request.status == "completed"
