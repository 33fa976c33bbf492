"""R1/R2: carry out an access request by building the copy and offering it for 7 days.

The ZIP itself is built by `server.jobs.access_export.build_access_export`; this handler
owns the request's life around it. Building can take minutes for a heavy user, so it runs
outside any transaction: first the request moves to in_progress (committed), then the copy
is built, then a guarded move to completed records where it is. A second run of the same
job (after a lease ran out) finds the request completed and does nothing; a run whose
request was cancelled meanwhile removes the copy it just built.
"""

from __future__ import annotations

import importlib
from os import PathLike
from pathlib import Path
from typing import Protocol, cast

from server.config import Settings
from server.db.database import Database
from server.jobs.context import Handler, JobContext
from server.jobs.request_steps import begin_work, load_request
from server.requests_flow import EXPORT_LIFETIME, RequestStatus, StaleRequest, transition


class ExportResult(Protocol):
    @property
    def path(self) -> PathLike[str] | str: ...

    @property
    def size(self) -> int: ...

    @property
    def sha256(self) -> str: ...


class AccessExportBuilder(Protocol):
    def __call__(
        self, database: Database, settings: Settings, user_id: str, request_id: str
    ) -> ExportResult: ...


def installed_builder() -> AccessExportBuilder:
    """The production builder, looked up when first needed (it lives in its own module)."""
    module = importlib.import_module("server.jobs.access_export")
    return cast(AccessExportBuilder, module.build_access_export)


def make_access_handler(builder: AccessExportBuilder | None = None) -> Handler:
    """The access handler, with the ZIP builder to use (tests may pass their own)."""

    def handle_access(context: JobContext) -> None:
        database, settings = context.database, context.settings
        request_id = context.request_id()
        with database.session() as session:
            request = load_request(session, request_id)
            if request is None or not begin_work(session, request, settings.clock()):
                return
            user_id = request.user_id
        assert user_id is not None, "begin_work confirmed the account exists"

        result = (builder or installed_builder())(database, settings, user_id, request_id)
        built = Path(result.path)

        with database.session() as session:
            now = settings.clock()
            request = load_request(session, request_id)
            if request is not None and request.status == RequestStatus.IN_PROGRESS:
                try:
                    transition(
                        request,
                        RequestStatus.COMPLETED,
                        "Your copy is ready to download for 7 days.",
                        now=now,
                        export_file=str(built),
                        export_size=result.size,
                        export_sha256=result.sha256,
                        export_expires_at=now + EXPORT_LIFETIME,
                    )
                    return
                except StaleRequest:
                    pass
            keep = request is not None and request.export_file == str(built)
        # Cancelled meanwhile, or another run already finished with its own copy.
        if not keep:
            built.unlink(missing_ok=True)

    return handle_access
