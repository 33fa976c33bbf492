"""Signing in, keeping the session fresh, and the keyring vault. No widgets."""
