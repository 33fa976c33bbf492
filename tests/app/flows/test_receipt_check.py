"""Checking a consent receipt on this computer, without Qt."""

from __future__ import annotations

import dataclasses

from app.flows.receipt_check import check_receipt, fetch_checked_receipt
from tests.app.flows.service_fakes import FakeClient, FakeSession, Signer


def test_the_newest_receipt_for_the_choice_is_found_across_pages_and_checks_out() -> None:
    signer = Signer()
    client = FakeClient(
        receipt_pages=[[signer.receipt(3, "X2", True)], [signer.receipt(2, "X1", False)]],
        keys=[signer.public_key()],
    )

    checked = fetch_checked_receipt(FakeSession(client), "X1")  # type: ignore[arg-type]

    assert checked is not None and checked.valid
    assert checked.receipt.id == "r-2"
    assert client.calls == ["receipts None", "receipts 1", "keys"]


def test_no_receipt_yet_is_none_not_a_failure() -> None:
    client = FakeClient(receipt_pages=[[]])
    assert fetch_checked_receipt(FakeSession(client), "X1") is None  # type: ignore[arg-type]


def test_a_listing_that_disagrees_with_the_signed_text_is_not_valid() -> None:
    signer = Signer()
    signed = signer.receipt(1, "X1", True)
    listed_otherwise = dataclasses.replace(signed, value=False)

    checked = check_receipt(listed_otherwise, (signer.public_key(),))

    assert checked.signature_valid and not checked.matches_listing and not checked.valid


def test_a_receipt_signed_by_an_unknown_key_is_not_valid() -> None:
    checked = check_receipt(Signer().receipt(1, "X1", True), (Signer("other").public_key(),))
    assert not checked.signature_valid
