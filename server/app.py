"""The FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from server import __version__
from server.api import (
    auth,
    catalog,
    choices,
    data,
    exports,
    ingest,
    me,
    receipts,
    requests,
    timeline,
)
from server.config import Settings
from server.db.database import Database
from server.problems import install_problem_handlers


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the service. The schema must already be migrated (`privacy-server migrate`)."""
    settings = settings or Settings.from_environment()
    app = FastAPI(
        title="Privacy Desk reference service",
        version=__version__,
        description="Choices, data and requests of a media service's users.",
    )
    app.state.settings = settings
    app.state.database = database or Database(settings.database_url)
    install_problem_handlers(app)
    for module in (auth, catalog, me, choices, receipts, data, timeline, ingest, requests, exports):
        app.include_router(module.router)

    @app.get("/v1/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
