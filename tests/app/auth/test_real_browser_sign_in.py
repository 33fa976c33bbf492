"""A real browser (Debian's headless Chromium, driven through Selenium and chromium-driver)
on the service's sign-in page, landing at the app's own loopback listener: the whole
browser sign-in as a user meets it, with nothing played by the test but the typing.
`.ci/run` installs chromium and chromium-driver."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from app.api.client import PrivacyClient
from app.auth.loopback import CallbackPage
from app.auth.oauth import BrowserSignIn
from server.embedded import EmbeddedService
from tests.conftest import USER_EMAIL, USER_PASSWORD

PAGES = {
    "en": CallbackPage("en", "You are signed in", "You can close this tab."),
    "nl": CallbackPage("nl", "Je bent aangemeld", "Je kunt dit tabblad sluiten."),
}


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(f"none of {names} is installed: apt-get install chromium chromium-driver")


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = _tool("chromium", "chromium-browser")
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in a container: Chromium's sandbox needs user namespaces
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",  # a fresh profile: no cookies, no history
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(_tool("chromedriver")))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_real_browser_signs_in_on_the_page_and_lands_at_the_apps_listener(
    live_service: EmbeddedService, chromium: webdriver.Chrome, language: str
) -> None:
    client = PrivacyClient(live_service.base_url)
    sign_in = BrowserSignIn.prepare(client, PAGES[language], language=language)
    with ThreadPoolExecutor(max_workers=1) as worker:
        waiting = worker.submit(sign_in.finish, client, 60)

        chromium.get(sign_in.url)
        assert chromium.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
        chromium.find_element(By.ID, "email").send_keys(USER_EMAIL)
        chromium.find_element(By.ID, "password").send_keys(USER_PASSWORD)
        chromium.find_element(By.CSS_SELECTOR, "button[value=sign_in]").click()
        WebDriverWait(chromium, 30).until(
            lambda driver: driver.current_url.startswith(sign_in.request.redirect_uri)
        )

        assert PAGES[language].message in chromium.page_source
        grant = waiting.result(timeout=60)
    assert grant.email == USER_EMAIL
    assert client.choices(grant.access_token).values
