"""What a job handler is given, and the shape every handler has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from server.config import Settings
from server.db.database import Database
from server.jobs.queue import ClaimedJob


@dataclass(frozen=True)
class JobContext:
    database: Database
    settings: Settings
    job: ClaimedJob

    def request_id(self) -> str:
        value = self.job.payload.get("request_id")
        if not isinstance(value, str):
            raise ValueError(f"job {self.job.id} has no request id")
        return value


# A handler may run more than once for one job (a lease ran out while it worked); it must
# leave the same result however often it runs.
Handler = Callable[[JobContext], None]
