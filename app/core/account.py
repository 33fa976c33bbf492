"""Who is signed in, and the keyring account name that belongs to them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    service_url: str
    user_id: str
    email: str

    @property
    def vault_key(self) -> str:
        return vault_key(self.service_url, self.user_id)


def vault_key(service_url: str, user_id: str) -> str:
    """The keyring account name: one entry per service address and user."""
    return f"{service_url} {user_id}"
