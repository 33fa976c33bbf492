from __future__ import annotations

import dataclasses

from app.core.evidence_chain import GENESIS, append_entry, entry_from_dict, verify_chain


def _chain(length: int) -> list:  # type: ignore[type-arg]
    chain: list = []  # type: ignore[type-arg]
    for n in range(length):
        chain.append(
            append_entry(chain, "consent_receipt", f"2026-11-0{n + 1}T10:00:00Z", {"n": n})
        )
    return chain


def test_each_entry_links_to_the_one_before() -> None:
    chain = _chain(3)
    assert chain[0].previous_hash == GENESIS
    assert chain[1].previous_hash == chain[0].entry_hash
    assert verify_chain(chain).intact


def test_editing_an_entry_is_detected_at_that_entry() -> None:
    chain = _chain(4)
    chain[2] = dataclasses.replace(chain[2], body={"n": 99})
    verdict = verify_chain(chain)
    assert not verdict.intact and verdict.first_broken_index == 2


def test_removing_or_reordering_entries_is_detected() -> None:
    chain = _chain(4)
    assert verify_chain(chain[:1] + chain[2:]).first_broken_index == 1
    assert verify_chain([chain[1], chain[0]]).first_broken_index == 0


def test_an_entry_survives_a_round_trip_through_its_dict_form() -> None:
    chain = _chain(2)
    again = [entry_from_dict(entry.as_dict()) for entry in chain]
    assert again == chain and verify_chain(again).intact
