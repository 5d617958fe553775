"""Round-trip properties: parser and renderer agree on generated Trials."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import ctgov_parse
from ctgov_parse.model import ObservationalModel, TimePerspective, Trial
from ctgov_parse.normalize import normalize_age, normalize_date, normalize_phases
from ctgov_parse.render import render
from tests import strategies
from tests.corpus import without_blank_lines


@given(strategies.trials())
def test_parse_inverts_render(trial: Trial) -> None:
    parsed = ctgov_parse.parse(render(trial))
    assert parsed == trial
    assert parsed.unparsed == ()


@given(strategies.trials())
def test_render_is_a_fixed_point(trial: Trial) -> None:
    page = render(trial)
    assert render(ctgov_parse.parse(page)) == page


def _flatten(value: dict[str, Any]) -> dict[str, Any]:
    """The compact shape has no blank lines; positions and diagnostics are not content."""
    return {
        key: without_blank_lines(_without_positions(item))
        for key, item in value.items()
        if key not in ("diagnostics", "page_shape", "page_kind")
    }


def _without_positions(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_positions(item) for item in value]
    if isinstance(value, dict):
        return {k: _without_positions(v) for k, v in value.items() if k not in ("line", "page")}
    return value


def _as_compact_reads(trial: Trial) -> Trial:
    """What a compact page can say of a record: without labels, a lone value that could be
    either of two fields is read as the first (and flagged ``inferred-field``)."""
    if trial.start_date is None and trial.completion_date is not None:
        trial = attrs.evolve(trial, start_date=trial.completion_date, completion_date=None)
    eligibility = trial.eligibility
    if eligibility and eligibility.minimum_age is None and eligibility.maximum_age:
        eligibility = attrs.evolve(
            eligibility, minimum_age=eligibility.maximum_age, maximum_age=None
        )
        trial = attrs.evolve(trial, eligibility=eligibility)
    design = trial.design
    if (
        design
        and design.observational_model is None
        and design.time_perspective is TimePerspective.OTHER
    ):
        design = attrs.evolve(
            design, observational_model=ObservationalModel.OTHER, time_perspective=None
        )
        trial = attrs.evolve(trial, design=design)
    return trial


@given(strategies.trials())
def test_compact_shape_keeps_its_fields(trial: Trial) -> None:
    page = render(trial, shape="compact")
    parsed = ctgov_parse.parse(page)
    assert parsed.page_shape is ctgov_parse.PageShape.COMPACT
    assert _flatten(parsed.to_dict()) == _flatten(_as_compact_reads(trial).to_dict())


@given(strategies.trials())
def test_compact_rendering_is_a_fixed_point(trial: Trial) -> None:
    page = render(trial, shape="compact")
    assert render(ctgov_parse.parse(page)) == page


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
