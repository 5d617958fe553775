"""Baseline Characteristics (``results.baseline``): cells and measures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import ctgov_parse
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("54.2 years STANDARD_DEVIATION 8.1", ("54.2", "STANDARD_DEVIATION", "8.1", None, None, (), None), id="spread"),
        pytest.param("59 years FULL_RANGE 39 to 82 • n=13 Participants", ("59", "FULL_RANGE", None, "39", "82", (("13", "Participants"),), None), id="range-and-count"),
        pytest.param("NA years (not collected)", ("NA", None, None, None, None, (), "not collected"), id="na-with-comment"),
        pytest.param("NA years (95% CI could not be calculated) • n=9 Eyes", ("NA", None, None, None, None, (("9", "Eyes"),), "95% CI could not be calculated"), id="comment-before-count"),
        pytest.param("n=0 Participants", (None, None, None, None, None, (("0", "Participants"),), None), id="count-only"),
        pytest.param("-", (None, None, None, None, None, (), None), id="no-value"),
        pytest.param("Female", None, id="a-label-is-no-cell"),
        pytest.param("18 Participants", None, id="another-unit-is-no-cell"),
    ],
)  # fmt: skip
def test_baseline_cells(cell: str, expected: tuple[Any, ...] | None) -> None:
    from ctgov_parse.results.baseline import parse_cell

    assert (None if (parts := parse_cell(cell, "years")) is None else tuple(parts)) == expected


def test_values_are_page_text_with_numbers_beside() -> None:
    trial = ctgov_parse.parse_file(FIXTURES / "results_labelled_tables.txt")
    assert trial.results is not None and trial.results.baseline is not None
    age = trial.results.baseline.measures[0]
    first = age.classes[0].categories[0].measurements[0]
    assert (first.value, first.number, first.spread_number) == (
        "48.3",
        Decimal("48.3"),
        Decimal("10.2"),
    )
    data = trial.to_dict()["results"]["baseline"]["measures"][0]["classes"][0]
    assert data["categories"][0]["measurements"][0]["value"] == "48.3"  # the page's digits
    assert data["denominators"][0]["counts"][0] == {
        "group_id": "BG000",
        "value": "105",
        "comment": None,
        "number": 105,
    }
