"""The names of job kinds, shared by the code that enqueues and the code that runs them."""

from __future__ import annotations

from server.requests_flow import RequestKind

ACCESS = "request.access"
CORRECTION = "request.correction"
DELETION = "request.deletion"
RETENTION_SWEEP = "retention.sweep"
# R6: tell the agent that filed a request how it stands now (server/jobs/drp_callback.py).
DRP_CALLBACK = "drp.status_callback"

FOR_REQUEST: dict[RequestKind, str] = {
    RequestKind.ACCESS: ACCESS,
    RequestKind.CORRECTION: CORRECTION,
    RequestKind.DELETION: DELETION,
}
