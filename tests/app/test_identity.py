"""One application id and one version, everywhere the app shows or registers itself."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

import app
from app.api.client import USER_AGENT
from app.identity import APP_ID, APP_NAME, VERSION
from app.main import app_icon, present_as_the_app

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_the_one_in_pyproject() -> None:
    with (REPO_ROOT / "pyproject.toml").open("rb") as file:
        declared = tomllib.load(file)["project"]["version"]
    # An editable install keeps the metadata of when it was installed: reinstall after a bump.
    assert declared == VERSION, "pip install -e . again: the installed metadata is stale"
    assert app.__version__ == VERSION
    assert USER_AGENT.endswith(f"/{VERSION}")


def test_the_app_id_is_reverse_dns() -> None:
    assert APP_ID == "org.privacydesk.PrivacyDesk"
    assert APP_NAME == "Privacy Desk"


@pytest.fixture
def application(qapp: QGuiApplication) -> Iterator[QGuiApplication]:
    """The test session's application, put back as it was afterwards."""
    saved = (
        qapp.applicationName(),
        qapp.organizationName(),
        qapp.applicationVersion(),
        qapp.desktopFileName(),
        qapp.windowIcon(),
    )
    yield qapp
    qapp.setApplicationName(saved[0])
    qapp.setOrganizationName(saved[1])
    qapp.setApplicationVersion(saved[2])
    qapp.setDesktopFileName(saved[3])
    qapp.setWindowIcon(saved[4])


def test_the_running_app_presents_itself_by_its_id_and_icon(
    application: QGuiApplication,
) -> None:
    present_as_the_app(application)

    assert application.desktopFileName() == APP_ID
    assert application.applicationName() == "Privacy Desk"
    assert application.applicationVersion() == VERSION
    assert not application.windowIcon().isNull()


def test_the_window_icon_has_every_rendered_size() -> None:
    sizes = sorted(size.width() for size in app_icon().availableSizes())

    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]
