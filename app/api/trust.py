"""Which certificates the app trusts: the operating system's, through `truststore`.

Every connection the app makes goes through PrivacyClient, which calls
`use_the_system_trust_store()` before anything else, so no connection is ever made with
Python's own bundle of certificates. Done there rather than at start-up: injecting imports
urllib3 and requests (about 100 ms), which would otherwise hold up the GUI thread right
after the first paint; a client is made on a task's thread. Done once per process, whichever
thread comes first.
"""

from __future__ import annotations

import ssl
import threading

_lock = threading.Lock()
_injected = False
# The standard library's own class, kept before truststore takes its place in `ssl`.
_LIBRARY_SSL_CONTEXT = ssl.SSLContext


def use_the_system_trust_store() -> None:
    """From now on `ssl`, urllib3 and requests verify against the operating system's store."""
    global _injected
    with _lock:
        if not _injected:
            import truststore

            truststore.inject_into_ssl()
            _injected = True


def reading_only_ssl_context() -> ssl.SSLContext:
    """A context that verifies nothing, of the standard library's own class (not
    truststore's): only for reading the certificate a service presented after it was
    refused (app/api/certificates.py), never for a call.

    Set through the C type's own descriptors: the setters of `ssl.SSLContext` look their
    class up by name in `ssl`, where truststore's now stands, and would recurse."""
    import _ssl

    context = _LIBRARY_SSL_CONTEXT(ssl.PROTOCOL_TLS_CLIENT)
    descriptors = vars(_ssl._SSLContext)
    descriptors["check_hostname"].__set__(context, False)
    descriptors["verify_mode"].__set__(context, ssl.CERT_NONE)
    return context
