"""Screenshots of the service's own sign-in pages in a real browser, for the user guide:
`make screenshots` runs it after tools/screenshots.py.

Starts the reference service in-process on loopback with one account, opens the pages a
user meets in headless Chromium (Debian's `chromium` and `chromium-driver`): the sign-in
page the app opens, the "Confirm it is you" page before a deletion, and the page where a
device code is typed; in English and in Dutch. Saves `<out>/<language>-browser-<page>.png`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

WIDTH, HEIGHT = 900, 760


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from app.api.client import CLIENT_ID
    from app.auth.oauth import Pkce
    from server.accounts import create_user
    from server.config import Settings
    from server.db.migrate import upgrade_to_latest
    from server.embedded import EmbeddedService

    with tempfile.TemporaryDirectory(prefix="privacy-desk-pages-") as work:
        url = f"sqlite:///{Path(work) / 'service.sqlite3'}"
        upgrade_to_latest(url)
        service = EmbeddedService(Settings(database_url=url, export_dir=Path(work) / "exports"))
        base = service.start()
        with service.database.session() as session:
            create_user(session, service.settings, email="ada@example.org", password="x" * 12)

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--hide-scrollbars",
            f"--window-size={WIDTH},{HEIGHT}",
            f"--user-data-dir={Path(work) / 'profile'}",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(
            options=options, service=Service(shutil.which("chromedriver") or "chromedriver")
        )
        try:
            for language in ("en", "nl"):
                authorize = {
                    "response_type": "code",
                    "client_id": CLIENT_ID,
                    "redirect_uri": "http://127.0.0.1:49152/callback",
                    "code_challenge": Pkce.new().challenge,
                    "code_challenge_method": "S256",
                    "state": "screenshot",
                    "lang": language,
                    "login_hint": "ada@example.org",
                }
                pages = {
                    "sign-in": f"{base}/v1/oauth/authorize?{urlencode(authorize)}",
                    "confirm": f"{base}/v1/oauth/authorize?"
                    + urlencode({**authorize, "prompt": "login"}),
                    "device": f"{base}/v1/oauth/device?{urlencode({'lang': language})}",
                }
                for name, page in pages.items():
                    driver.get(page)
                    path = out / f"{language}-browser-{name}.png"
                    driver.save_screenshot(str(path))
                    print(path)
        finally:
            driver.quit()
            service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
