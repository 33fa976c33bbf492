"""The OAuth clients the service knows, and which redirect URIs each may name.

Declared as data: a client is its id, its name as the sign-in page shows it, and its
redirects. A native app (RFC 8252) cannot hold a fixed port, so for loopback redirects only
the path is registered and any port is accepted (section 7.3), on the two loopback literals
`127.0.0.1` and `[::1]` over plain http; `localhost` is refused (section 8.3: it may resolve
elsewhere). Every other redirect must match a registered one exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK_HOSTS = ("127.0.0.1", "[::1]")


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    name: str
    # Paths accepted on http://127.0.0.1:{any port} and http://[::1]:{any port}.
    loopback_paths: tuple[str, ...] = ()
    # Redirect URIs accepted as written, character for character.
    exact_redirects: tuple[str, ...] = ()

    def accepts_redirect(self, redirect_uri: str) -> bool:
        return redirect_uri in self.exact_redirects or (
            loopback_path(redirect_uri) in self.loopback_paths
        )


# The desktop app: a public client (no secret; PKCE instead), listening once on loopback.
PRIVACY_DESK = RegisteredClient(
    client_id="privacy-desk", name="Privacy Desk", loopback_paths=("/callback",)
)

CLIENTS: dict[str, RegisteredClient] = {client.client_id: client for client in (PRIVACY_DESK,)}


def registered_client(client_id: str | None) -> RegisteredClient | None:
    return CLIENTS.get(client_id or "")


def loopback_path(redirect_uri: str) -> str | None:
    """The path of a loopback redirect URI in its one accepted spelling, else None.

    Accepted: `http://127.0.0.1:PORT/path` or `http://[::1]:PORT/path` with a port from 1 to
    65535 written plainly, and nothing else: no user info, query or fragment, no other
    spelling of the host or the port. The URI is rebuilt from its parts and must come out
    the same, so that no parser difference between this check and a browser can send the
    code somewhere else.
    """
    try:
        parts = urlsplit(redirect_uri)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "http" or port is None or not 0 < port < 65536:
        return None
    host = parts.netloc.rsplit(":", 1)[0]
    if host not in LOOPBACK_HOSTS or not parts.path.startswith("/"):
        return None
    if f"http://{host}:{port}{parts.path}" != redirect_uri:
        return None
    return parts.path
