"""The stand-in hash an unknown e-mail is checked against."""

from __future__ import annotations

from server import security


def test_an_unknown_email_costs_as_much_as_a_wrong_password() -> None:
    hasher = security.production_hasher()

    # Checked at the production cost, so that timing does not tell whether an account exists.
    assert not hasher.check_needs_rehash(security._PRODUCTION_DUMMY_HASH)
    assert hasher.verify(security._PRODUCTION_DUMMY_HASH, "not-a-real-password")
