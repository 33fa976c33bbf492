"""R6: POST a request's current status to the agent that filed it (DRP 2.03).

The body and its signature are made when the job runs (server/drp/callbacks.py), so a
callback always tells the latest state, however many changes it stands for. A failed
delivery (no connection, a timeout, an answer other than 2xx) raises, and the queue tries
again later with its backoff. Redirects are not followed: the address must be the one the
agent gave, under the prefix the operator registered for it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import IO, Any

from server.drp.callbacks import SignedCallback, prepare
from server.jobs.context import JobContext

TIMEOUT_SECONDS = 10


class CallbackFailed(RuntimeError):
    """The agent did not take the callback; the job is tried again later."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def deliver(callback: SignedCallback) -> int:
    """POST the signed status; returns the agent's 2xx status or raises CallbackFailed."""
    outgoing = urllib.request.Request(
        callback.url, data=callback.body, headers=callback.headers, method="POST"
    )
    try:
        with _OPENER.open(outgoing, timeout=TIMEOUT_SECONDS) as answer:
            status = int(answer.status)
    except urllib.error.HTTPError as error:
        raise CallbackFailed(f"the agent answered {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise CallbackFailed(f"could not reach the agent: {type(error).__name__}") from None
    if not 200 <= status < 300:
        raise CallbackFailed(f"the agent answered {status}")
    return status


def handle_drp_callback(context: JobContext) -> None:
    with context.database.session() as session:
        callback = prepare(session, context.settings, context.request_id())
    if callback is not None:
        deliver(callback)
