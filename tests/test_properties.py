"""Round-trip properties: parser and renderer agree on generated Trials."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import ctgov_parse
from ctgov_parse.model import Trial
from ctgov_parse.normalize import normalize_age, normalize_date, normalize_phases
from ctgov_parse.render import render
from tests import strategies


@given(strategies.trials())
def test_parse_inverts_render(trial: Trial) -> None:
    parsed = ctgov_parse.parse(render(trial))
    assert parsed == trial
    assert parsed.unparsed == ()


@given(strategies.trials())
def test_render_is_a_fixed_point(trial: Trial) -> None:
    page = render(trial)
    assert render(ctgov_parse.parse(page)) == page


def _flatten(value: Any) -> Any:
    """The compact shape has no blank lines: paragraphs are single-newline separated."""
    if isinstance(value, str):
        while "\n\n" in value:
            value = value.replace("\n\n", "\n")
        return value
    if isinstance(value, list):
        return [_flatten(item) for item in value]
    if isinstance(value, dict):
        # positions differ between the two shapes; diagnostics are not content
        return {k: _flatten(v) for k, v in value.items() if k not in ("diagnostics", "line")}
    return value


@given(strategies.trials())
def test_compact_shape_keeps_its_fields(trial: Trial) -> None:
    parsed = ctgov_parse.parse(render(trial, shape="compact"))
    expected = _flatten(trial.to_dict())
    got = _flatten(parsed.to_dict())
    if trial.start_date is None and trial.completion_date is not None:
        # Without labels, a lone date is read as the start date: the shape cannot tell.
        expected["start_date"], expected["completion_date"] = expected["completion_date"], None
    assert got == expected


@given(strategies.partial_dates())
def test_dates_round_trip(date: ctgov_parse.PartialDate) -> None:
    again = normalize_date(date.isoformat())
    assert again == date
    assert again.precision is date.precision


@given(strategies.ages)
def test_ages_round_trip(age: ctgov_parse.Age) -> None:
    assert normalize_age(str(age)) == age


@given(strategies.phases)
def test_phases_round_trip(phases: tuple[ctgov_parse.Phase, ...]) -> None:
    assert normalize_phases("/".join(phases)) == phases


@given(st.sampled_from(list(ctgov_parse.Phase)))
def test_plain_phase_spellings(phase: ctgov_parse.Phase) -> None:
    plain = {"EARLY_PHASE1": "Early Phase 1", "NA": "N/A"}.get(
        phase.value, phase.value.replace("PHASE", "Phase ")
    )
    assert normalize_phases(plain) == (phase,)
