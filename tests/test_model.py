"""The records: frozen, equal by content not position, value types that keep their text."""

from __future__ import annotations

import attrs
import pytest

import ctgov_parse
from ctgov_parse.model import Age, AgeUnit, DatePrecision, Line, PartialDate, Trial


def test_records_are_frozen(seed_text: str) -> None:
    trial = ctgov_parse.parse(seed_text)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trial.nct_id = "NCT00000000"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trial.arms[0].label = "x"  # type: ignore[misc]


def test_equality_ignores_positions(seed_text: str) -> None:
    shifted = "\n\n\n" + seed_text
    a, b = ctgov_parse.parse(seed_text), ctgov_parse.parse(shifted)
    assert a == b
    assert a.arms[0].line + 3 == b.arms[0].line
    assert Line(number=1, text="x") == Line(number=9, text="x", section="header")


@pytest.mark.parametrize(
    ("date", "iso", "precision"),
    [
        (PartialDate(year=2024), "2024", DatePrecision.YEAR),
        (PartialDate(year=2024, month=8), "2024-08", DatePrecision.MONTH),
        (PartialDate(year=2024, month=8, day=9), "2024-08-09", DatePrecision.DAY),
    ],
    ids=["year", "month", "day"],
)
def test_partial_dates(date: PartialDate, iso: str, precision: DatePrecision) -> None:
    assert (date.isoformat(), str(date), date.precision) == (iso, iso, precision)


def test_partial_dates_order_and_compare_without_spelling() -> None:
    assert PartialDate(year=2024, month=8, raw="August 2024") == PartialDate(year=2024, month=8)
    assert PartialDate(year=2023, month=12) < PartialDate(year=2024, month=1)


@pytest.mark.parametrize(
    ("age", "text"),
    [(Age(value=1, unit=AgeUnit.YEARS), "1 Year"), (Age(value=36, unit=AgeUnit.WEEKS), "36 Weeks")],
    ids=["singular", "plural"],
)
def test_age_spelling(age: Age, text: str) -> None:
    assert str(age) == text


def test_empty_trial_is_valid() -> None:
    trial = Trial()
    assert trial.to_dict()["phases"] == []
    assert trial.lead_sponsor is None and trial.age_groups == () and trial.errors == ()
