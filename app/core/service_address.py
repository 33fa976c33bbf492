"""Which service addresses the app will talk to: https always, http only on loopback."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


class InvalidServiceAddress(ValueError):
    """The address cannot be used; `reason` is one of the REASON_* constants."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


REASON_EMPTY = "empty"
REASON_SCHEME = "scheme"
REASON_PLAIN_HTTP = "plain_http"
REASON_NO_HOST = "no_host"


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalise_service_address(text: str) -> str:
    """Return the canonical base URL (no trailing slash) or raise InvalidServiceAddress."""
    text = text.strip()
    if not text:
        raise InvalidServiceAddress(REASON_EMPTY)
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http"):
        raise InvalidServiceAddress(REASON_SCHEME)
    host = parts.hostname or ""
    if not host:
        raise InvalidServiceAddress(REASON_NO_HOST)
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InvalidServiceAddress(REASON_PLAIN_HTTP)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
