"""The registry: which handler runs which kind of job."""

from __future__ import annotations

import os

from server.jobs import kinds
from server.jobs.access_request import AccessExportBuilder, make_access_handler
from server.jobs.context import Handler
from server.jobs.correction import handle_correction
from server.jobs.deletion import handle_deletion
from server.jobs.drp_callback import handle_drp_callback
from server.jobs.retention import handle_retention_sweep

# Set to "1" only by the test suite: adds job kinds that exist to exercise the worker
# itself (a handler that sleeps, to kill a worker mid-job). Never set in production.
TEST_HANDLERS_ENV = "PRIVACY_SERVER_TEST_HANDLERS"


def default_handlers(*, access_builder: AccessExportBuilder | None = None) -> dict[str, Handler]:
    handlers: dict[str, Handler] = {
        kinds.ACCESS: make_access_handler(access_builder),
        kinds.CORRECTION: handle_correction,
        kinds.DELETION: handle_deletion,
        kinds.RETENTION_SWEEP: handle_retention_sweep,
        kinds.DRP_CALLBACK: handle_drp_callback,
    }
    if os.environ.get(TEST_HANDLERS_ENV) == "1":
        from server.jobs.testing_kinds import testing_handlers

        handlers.update(testing_handlers(handlers))
    return handlers
