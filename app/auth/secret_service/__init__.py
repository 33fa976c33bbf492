"""The Secret Service (Linux's keyring API) without `secretstorage` and `cryptography`."""

from app.auth.secret_service.backend import SecretServiceKeyring

__all__ = ["SecretServiceKeyring"]
