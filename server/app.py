"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from server import __version__
from server.admission import AdmissionControl, AdmissionLimits
from server.allowed_methods import AllowedMethods
from server.api import (
    agents,
    auth,
    catalog,
    choices,
    data,
    drp,
    exports,
    gpc,
    ingest,
    me,
    oauth,
    receipts,
    requests,
    timeline,
)
from server.config import POOL_RESERVE, Settings
from server.db.database import Database
from server.db.hot_reads import hot_reads_for
from server.gpc import GpcSignals
from server.hsts import StrictTransportSecurity
from server.input_limits import InputLimits
from server.no_store import NoStore
from server.openapi import install_openapi, operation_id
from server.problems import install_problem_handlers


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the service. The schema must already be migrated (`privacy-server migrate`)."""
    settings = settings or Settings.from_environment()
    app = FastAPI(
        title="Privacy Desk reference service",
        version=__version__,
        description="Choices, data and requests of a media service's users.",
        generate_unique_id_function=operation_id,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.database = database or Database(settings.database_url, pool_size=settings.pool_size)
    limits = admission_limits(settings, app.state.database)
    app.state.hot_reads = hot_reads_for(app.state.database, concurrent_requests=limits.limit)
    install_problem_handlers(app)
    # Inside admission control: a GPC signal is honoured before the route answers (server/gpc.py).
    app.add_middleware(GpcSignals)
    app.add_middleware(AdmissionControl, limits=limits)
    install_openapi(app)
    app.add_middleware(AllowedMethods)
    # Outermost: a request's size, media type and text are checked before anything else.
    app.add_middleware(InputLimits)
    # Outside even that: every personal or token answer, refusals included, is never stored.
    app.add_middleware(NoStore)
    # Outermost: every answer over HTTPS, refusals and errors included, says HTTPS only.
    app.add_middleware(StrictTransportSecurity)
    for module in (
        auth,
        oauth,
        catalog,
        me,
        choices,
        receipts,
        data,
        timeline,
        ingest,
        requests,
        exports,
        gpc,
        agents,
        drp,
    ):
        app.include_router(module.router)

    @app.get("/v1/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await app.state.hot_reads.close()


def admission_limits(settings: Settings, database: Database) -> AdmissionLimits:
    """Never more requests inside than the pool has connections for (keeping the reserve),
    whoever made the pool, nor more than the thread pool has threads for."""
    limit = max(1, min(settings.max_concurrent_requests, database.pool_size - POOL_RESERVE))
    return AdmissionLimits(
        limit=limit,
        queue_limit=settings.max_queued_requests,
        queue_timeout=settings.queue_timeout.total_seconds(),
        thread_limit=max(settings.thread_limit, limit + POOL_RESERVE),
    )
