"""Which certificates the app trusts: the operating system's, through `truststore`.

Every connection the app makes goes through PrivacyClient, which calls
`use_the_system_trust_store()` before anything else, so no connection is ever made with
Python's own bundle of certificates. Done there rather than at start-up: injecting imports
urllib3 and requests (about 100 ms), which would otherwise hold up the GUI thread right
after the first paint; a client is made on a task's thread. Done once per process, whichever
thread comes first.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_injected = False


def use_the_system_trust_store() -> None:
    """From now on `ssl`, urllib3 and requests verify against the operating system's store."""
    global _injected
    with _lock:
        if not _injected:
            import truststore

            truststore.inject_into_ssl()
            _injected = True
