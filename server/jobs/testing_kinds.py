"""Job kinds that exist only for the worker's own tests (see `TEST_HANDLERS_ENV`).

`test.slow`: writes "started <worker id>" to the payload's log file, sleeps, then runs the
real handler of the payload's `then` kind. Killing the worker during the sleep shows that
a job whose worker died is taken over and its real work still happens exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from server.jobs.context import Handler, JobContext

SLOW = "test.slow"


def testing_handlers(real: Mapping[str, Handler]) -> dict[str, Handler]:
    def handle_slow(context: JobContext) -> None:
        payload = context.job.payload
        log = Path(str(payload["log"]))
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"started {context.job.worker_id}\n")
        time.sleep(float(payload.get("seconds", 1.0)))
        then = payload.get("then")
        if isinstance(then, str):
            real[then](context)
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"finished {context.job.worker_id}\n")

    return {SLOW: handle_slow}
