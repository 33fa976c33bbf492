"""An authorised agent for the tests: its own Ed25519 key, speaking the Data Rights Protocol
0.9.4 over real HTTP, and a small web server that takes its status callbacks.

The agent signs as the protocol says (the 64-byte signature, then the JSON document, the
whole in base64, sent as text/plain), and can also send what a careless or hostile agent
would: another agent's id, another business, stale or future times, the same bytes twice.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DRP_VERSION = "0.9.4"
API_BASE = "/drp"


def raw_public_key(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


class DrpAgent:
    """One agent talking to one service (`http` carries the service's base URL)."""

    def __init__(
        self,
        http: httpx.Client,
        agent_id: str,
        business_id: str,
        clock: Callable[[], datetime],
        key: Ed25519PrivateKey | None = None,
    ) -> None:
        self.http = http
        self.agent_id = agent_id
        self.business_id = business_id
        self.clock = clock
        self.key = key or Ed25519PrivateKey.generate()
        self.token: str | None = None

    @property
    def verify_key(self) -> str:
        """What the service directory lists for this agent: the raw public key in base64."""
        return base64.b64encode(raw_public_key(self.key)).decode("ascii")

    # --- messages -------------------------------------------------------------------------

    def envelope(
        self, *, issued_at: datetime | None = None, lifetime: timedelta = timedelta(minutes=5)
    ) -> dict[str, Any]:
        issued = issued_at or self.clock()
        return {
            "agent-id": self.agent_id,
            "business-id": self.business_id,
            "issued-at": issued.isoformat(),
            "expires-at": (issued + lifetime).isoformat(),
            "drp.version": DRP_VERSION,
        }

    def sign(self, document: dict[str, Any], *, key: Ed25519PrivateKey | None = None) -> str:
        payload = json.dumps(document).encode("utf-8")
        signature = (key or self.key).sign(payload)
        return base64.b64encode(signature + payload).decode("ascii")

    def exercise_claims(
        self,
        action: str,
        email: str,
        *,
        agent_request_id: str | None = None,
        status_callback: str | None = None,
        **envelope: Any,
    ) -> dict[str, Any]:
        claims: dict[str, Any] = {
            **self.envelope(**envelope),
            "exercise": action,
            "regime": "ccpa",
            "name": "Ada Lovelace",
            "email": email,
            "email_verified": True,
        }
        if agent_request_id is not None:
            claims["agent-request-id"] = agent_request_id
        if status_callback is not None:
            claims["status_callback"] = status_callback
        return claims

    # --- HTTP -----------------------------------------------------------------------------

    def _headers(self, token: str | None) -> dict[str, str]:
        headers = {"Content-Type": "text/plain"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def post_signed(
        self, path: str, text: str | bytes, *, token: str | None = None, method: str = "POST"
    ) -> httpx.Response:
        body = text.encode("ascii") if isinstance(text, str) else text
        return self.http.request(
            method, f"{API_BASE}{path}", content=body, headers=self._headers(token)
        )

    def set_up(self, message: str | None = None) -> httpx.Response:
        """Pair-wise key setup (DRP 2.05); keeps the token it is given."""
        answer = self.post_signed(
            f"/v1/agent/{self.agent_id}", message or self.sign(self.envelope())
        )
        if answer.status_code == 200:
            self.token = answer.json()["token"]
        return answer

    def check_token(self, agent_id: str | None = None) -> httpx.Response:
        return self.http.get(
            f"{API_BASE}/v1/agent/{agent_id or self.agent_id}", headers=self._headers(self.token)
        )

    def send_exercise(self, message: str) -> httpx.Response:
        return self.post_signed("/v1/data-rights-request", message, token=self.token)

    def exercise(self, action: str, email: str, **options: Any) -> httpx.Response:
        return self.send_exercise(self.sign(self.exercise_claims(action, email, **options)))

    def status(self, request_id: str) -> httpx.Response:
        return self.http.get(
            f"{API_BASE}/v1/data-rights-request/{request_id}", headers=self._headers(self.token)
        )

    def revoke(self, request_id: str, reason: str = "") -> httpx.Response:
        return self.post_signed(
            f"/v1/data-rights-request/{request_id}",
            self.sign({"reason": reason}),
            token=self.token,
            method="DELETE",
        )


# --- the agent's status callback endpoint ---------------------------------------------------


@dataclass
class ReceivedCallback:
    path: str
    # Names in lower case: HTTP header names are case-insensitive.
    headers: dict[str, str]
    body: bytes

    def status(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.body)
        return document


@dataclass
class CallbackReceiver:
    """Records every callback; answers with `answers` in turn (then 200)."""

    base_url: str
    received: list[ReceivedCallback] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)

    def url(self, path: str = "status") -> str:
        return f"{self.base_url}/callbacks/{path}"

    @property
    def prefix(self) -> str:
        return f"{self.base_url}/callbacks/"


@contextmanager
def callback_receiver() -> Iterator[CallbackReceiver]:
    receiver = CallbackReceiver(base_url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with lock:
                receiver.received.append(
                    ReceivedCallback(
                        self.path, {k.lower(): v for k, v in self.headers.items()}, body
                    )
                )
                status = receiver.answers.pop(0) if receiver.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="drp-callbacks", daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def callback_signature_verifies(callback: ReceivedCallback, published: dict[str, Any]) -> bool:
    """Check the DRP-Signature header against the keys published at GET /v1/keys."""
    header = callback.headers.get("drp-signature", "")
    parts = dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)
    keys = {key["key_id"]: key["public_key"] for key in published["keys"]}
    if parts.get("keyid") not in keys:
        return False
    public = Ed25519PublicKey.from_public_bytes(_b64url(keys[parts["keyid"]]))
    try:
        public.verify(_b64url(parts["sig"]), callback.body)
    except Exception:
        return False
    return True


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
