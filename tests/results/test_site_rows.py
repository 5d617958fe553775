"""The site's measure rows (``results.site_rows``): its cells, its header in the
one-cell-per-line rendering, and how rows make measures."""

from __future__ import annotations

from typing import Any

import pytest

import ctgov_parse
from ctgov_parse.model import MeasureShape, ParamType
from ctgov_parse.results.site_rows import parse_site_cell, split_site_header


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param(["41.3 years", "STANDARD_DEVIATION 9.2 • n=3 Participants"], ("41.3", "years", "STANDARD_DEVIATION", "9.2", None, None, "n=3 Participants"), id="spread"),
        pytest.param(["12 Participants", "n=3 Participants"], ("12", "Participants", None, None, None, None, "n=3 Participants"), id="count"),
        pytest.param(["-7.4 mmHg", "95% Confidence Interval -9.8 to -5.0 • n=4 Participants"], ("-7.4", "mmHg", "95% Confidence Interval", None, "-9.8", "-5.0", "n=4 Participants"), id="free-text-limits"),
        pytest.param(["NA days (not recorded)", "n=3 Participants"], ("NA", "days (not recorded)", None, None, None, None, "n=3 Participants"), id="na-with-comment"),
        pytest.param(["-"], (None, "", None, None, None, None, None), id="no-value"),
        pytest.param(["- (not asked)"], (None, "(not asked)", None, None, None, None, None), id="no-value-with-comment"),
        pytest.param(["Female", "n=3 Participants"], None, id="a-label-is-no-value"),
        pytest.param(["12 Participants", "Female"], None, id="a-label-is-no-second-line"),
        pytest.param(["-", "STANDARD_DEVIATION 1.0"], None, id="no-value-has-no-spread"),
    ],
)  # fmt: skip
def test_site_cells(cell: list[str], expected: tuple[Any, ...] | None) -> None:
    parts = parse_site_cell(cell)
    assert (None if parts is None else tuple(parts)) == expected


def _numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.strip().split("\n"), start=1))


def test_the_header_is_as_wide_as_every_row() -> None:
    # Group titles that read as values ("10 mg") do not count: the rows' runs of cells do.
    lines = _numbered(
        """
10 mg
n=20 Participants
20 mg
n=21 Participants
Total
n=41 Participants
Total of all reporting groups
Age, Continuous
50.1 years
STANDARD_DEVIATION 4.0 • n=2 Participants
49.0 years
STANDARD_DEVIATION 5.0 • n=2 Participants
49.5 years
STANDARD_DEVIATION 4.5 • n=2 Participants
"""
    )
    found = split_site_header(lines)
    assert found is not None
    cells, start, starts = found
    assert [[text for _, text in cell] for cell in cells] == [
        ["10 mg", "n=20 Participants"],
        ["20 mg", "n=21 Participants"],
        ["Total", "n=41 Participants", "Total of all reporting groups"],
    ]
    assert lines[start][1] == "Age, Continuous"
    assert sorted(starts) == [8, 10, 12]


def test_a_last_group_without_a_description_leaves_the_title_to_the_row() -> None:
    lines = _numbered(
        """
Drug
n=5 Participants
Placebo
n=6 Participants
Sex: Female, Male
Female
2 Participants
n=1 Participants
3 Participants
n=1 Participants
Sex: Female, Male
Male
3 Participants
n=1 Participants
3 Participants
n=1 Participants
"""
    )
    found = split_site_header(lines)
    assert found is not None
    cells, start, _ = found
    assert [len(cell) for cell in cells] == [2, 2]
    assert lines[start][1] == "Sex: Female, Male"


def _page(rows: str) -> str:
    return f"""Trial Outcomes & Findings for A Study (NCT NCT01234567)
NCT ID: NCT01234567
Last Updated: 2025-01-01
Baseline Characteristics
A Study
Baseline characteristics by cohort
| Measure |
Drug
n=5 Participants
|
Placebo
n=6 Participants
|
|---|---|---|
{rows.strip()}
More Related Trials
Additional clinical trials that may be relevant based on similarity analysis."""


def _row(*label: str, cells: tuple[str, ...]) -> str:
    return "\n".join(["|", *label, "|", *(f"{cell}\n|" for cell in cells)])


def test_titles_not_repeated_make_categories_of_the_measure_above() -> None:
    count = ("2 Participants\nn=1 Participants", "3 Participants\nn=1 Participants")
    age = ("50 years\nn=1 Participants", "51 years\nn=1 Participants")
    page = _page(
        "\n".join(
            [
                _row("Sex: Female, Male", "Female", cells=count),
                _row("Male", cells=count),
                _row("Age", cells=age),  # another unit: a measure of its own
            ]
        )
    )
    trial = ctgov_parse.parse(page)
    assert trial.results is not None and trial.results.baseline is not None
    measures = trial.results.baseline.measures
    assert [m.title for m in measures] == ["Sex: Female, Male", "Age"]
    assert [c.title for c in measures[0].classes[0].categories] == ["Female", "Male"]
    assert [m.param_type for m in measures] == [ParamType.COUNT_OF_PARTICIPANTS, ParamType.NUMBER]
    assert trial.results.measure_shape is MeasureShape.SITE_UNREPEATED
    assert ctgov_parse.render(trial) == page


def test_titles_repeated_open_a_measure_when_the_title_changes() -> None:
    count = ("2 Participants\nn=1 Participants", "3 Participants\nn=1 Participants")
    page = _page(
        "\n".join(
            [
                _row("Sex: Female, Male", "Female", cells=count),
                _row("Sex: Female, Male", "Male", cells=count),
                _row("Prior stroke", cells=count),  # same unit: its own measure all the same
            ]
        )
    )
    trial = ctgov_parse.parse(page)
    assert trial.results is not None and trial.results.baseline is not None
    measures = trial.results.baseline.measures
    assert [m.title for m in measures] == ["Sex: Female, Male", "Prior stroke"]
    assert trial.results.measure_shape is MeasureShape.SITE
    assert ctgov_parse.render(trial) == page
    assert [d.field for d in trial.diagnostics if d.code == "inferred-field"] == ["param_type"] * 2
