"""No connection without the operating system's trust store (app/api/trust.py)."""

from __future__ import annotations

import ssl
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.child_process import isolated_env


def test_making_a_client_puts_the_system_trust_store_under_ssl_urllib3_and_requests(
    tmp_path: Path,
) -> None:
    # In a fresh interpreter: this test process may have injected it long ago.
    script = textwrap.dedent(
        """
        import ssl
        import truststore
        assert ssl.SSLContext is not truststore.SSLContext, "injected before any client"
        from app.api.client import PrivacyClient
        PrivacyClient("https://privacy.example")
        import requests.adapters
        import urllib3.util.ssl_
        assert ssl.SSLContext is truststore.SSLContext
        assert urllib3.util.ssl_.SSLContext is truststore.SSLContext
        preloaded = getattr(requests.adapters, "_preloaded_ssl_context", None)
        assert preloaded is None or isinstance(preloaded, truststore.SSLContext)
        print("trusted")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=isolated_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "trusted"


def test_it_is_done_once_whichever_thread_comes_first() -> None:
    import threading

    import truststore

    from app.api import trust

    threads = [threading.Thread(target=trust.use_the_system_trust_store) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ssl.SSLContext is truststore.SSLContext
    assert trust._injected
