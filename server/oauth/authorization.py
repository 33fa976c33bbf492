"""An authorization request (RFC 6749 section 4.1.1 with RFC 7636's PKCE parameters) and
what is wrong with it.

The order of the checks is the RFC's: the client and its redirect URI first, because until
both are known good nothing may be sent to that address (section 4.1.2.1; the page says
what is wrong instead); then everything else, which goes back to the redirect as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from server.oauth.clients import RegisteredClient
from server.oauth.pkce import SUPPORTED_METHODS, is_challenge

# The authorization request's own parameters, carried from the page into its form.
AUTHORIZE_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "code_challenge",
    "code_challenge_method",
    "state",
    "prompt",
    "max_age",
    "scope",
)


def request_fields(given: Mapping[str, str]) -> dict[str, str]:
    """The request's own parameters that were given (unknown ones are ignored, section 3.1)."""
    return {name: given[name] for name in AUTHORIZE_FIELDS if given.get(name)}


@dataclass(frozen=True)
class Authorization:
    """An authorization request whose client and redirect are known good."""

    client: RegisteredClient
    redirect_uri: str
    fields: dict[str, str]

    @property
    def step_up(self) -> bool:
        """`prompt=login` or `max_age=0`: a fresh password, for a deletion (R7)."""
        max_age = self.fields.get("max_age", "")
        return self.fields.get("prompt") == "login" or (max_age.isdigit() and int(max_age) == 0)


def request_problem(fields: dict[str, str]) -> tuple[str, str] | None:
    response_type = fields.get("response_type")
    if response_type is None:
        return "invalid_request", "response_type is required"
    if response_type != "code":
        return "unsupported_response_type", "only response_type=code is supported"
    if "state" not in fields:
        return "invalid_request", "state is required"
    if fields.get("code_challenge_method") not in SUPPORTED_METHODS:
        return "invalid_request", "PKCE with code_challenge_method=S256 is required"
    if not is_challenge(fields.get("code_challenge", "")):
        return "invalid_request", "code_challenge must be a base64url SHA-256 (43 characters)"
    if fields.get("prompt") == "none":
        return "login_required", "signing in here always asks for the password"
    if fields.get("prompt", "login") != "login":
        return "invalid_request", "prompt may only be login"
    if not fields.get("max_age", "0").isdigit():
        return "invalid_request", "max_age must be a whole number of seconds"
    return None
