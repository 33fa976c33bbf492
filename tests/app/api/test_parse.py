"""Malformed answers from the service become BAD_ANSWER, never a crash deeper in the app."""

from __future__ import annotations

from typing import Any

import pytest

from app.api.errors import FailureKind, ServiceError
from app.api.parse import parse_catalog, parse_choice_values


def _choice(**overrides: Any) -> dict[str, Any]:
    base = {"id": "X1", "title": "T", "explanation": "E", "default": True, "categories": ["C5"]}
    return {**base, **overrides}


def test_a_well_formed_choices_answer_is_read() -> None:
    data = {"version": 3, "choices": [{"id": "X1", "value": False, "changed_at": None}]}
    values = parse_choice_values(data, '"3"')
    assert values.etag == '"3"'
    assert values.value_of("X1") is False
    assert values.value_of("X9") is None


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"choices": "nope"},
        {"choices": [{"id": "X1"}]},
        {"choices": [{"id": "X1", "value": "yes", "changed_at": None}]},
        {"choices": [{"id": "X1", "value": 1, "changed_at": None}]},
        {"choices": [{"id": 7, "value": True, "changed_at": None}]},
        {"choices": [{"id": "X1", "value": True, "changed_at": "yesterday"}]},
    ],
)
def test_malformed_choices_answers_are_refused(data: Any) -> None:
    with pytest.raises(ServiceError) as raised:
        parse_choice_values(data, '"1"')
    assert raised.value.kind is FailureKind.BAD_ANSWER


def test_a_choices_answer_without_an_etag_is_refused() -> None:
    with pytest.raises(ServiceError) as raised:
        parse_choice_values({"choices": []}, None)
    assert raised.value.kind is FailureKind.BAD_ANSWER


@pytest.mark.parametrize(
    "choice",
    [
        _choice(default="yes"),
        _choice(default=1),
        _choice(title=None),
        _choice(categories="C5"),
        {"id": "X1"},
    ],
)
def test_malformed_catalog_entries_are_refused(choice: dict[str, Any]) -> None:
    with pytest.raises(ServiceError) as raised:
        parse_catalog({"language": "en", "choices": [choice], "categories": []})
    assert raised.value.kind is FailureKind.BAD_ANSWER


def test_a_catalog_with_a_new_choice_is_read_without_an_app_release() -> None:
    catalog = parse_catalog(
        {"language": "nl", "choices": [_choice(id="X42", title="Nieuw")], "categories": []}
    )
    choice = catalog.choice("X42")
    assert choice is not None and choice.title == "Nieuw"
