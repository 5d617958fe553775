"""The declared tables and the rows made from records (in memory: ``to_tables``).

The engines are tested in ``test_tables_engines.py``, against this same in-memory result.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

import ctgov_parse
from ctgov_parse import model
from ctgov_parse.batch import PageSource
from ctgov_parse.model import (
    Age,
    AgeUnit,
    Eligibility,
    Location,
    PageKind,
    PartialDate,
    ResultsStatus,
    Trial,
)
from ctgov_parse.tables import TABLES, all_columns, row_id, to_frames, to_tables
from ctgov_parse.tables.calculated import months_between
from ctgov_parse.tables.docs import EXCLUDED, tables_markdown
from tests.conftest import ROOT, SHARED, fixture_pages

pa = pytest.importorskip("pyarrow")

AACT = SHARED / "aact-tables.md"


def _fixture_trials() -> list[Trial]:
    return [ctgov_parse.parse(path.read_text(encoding="utf-8")) for path in fixture_pages()]


@pytest.fixture(scope="module")
def fixture_trials() -> list[Trial]:
    return _fixture_trials()


@pytest.fixture(scope="module")
def fixture_tables(fixture_trials: list[Trial]) -> dict[str, Any]:
    return to_tables(fixture_trials)


def test_docs_are_generated_from_the_schema() -> None:
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == tables_markdown()


def test_table_and_column_names_are_unique_and_plain() -> None:
    names = [table.name for table in TABLES]
    assert len(names) == len(set(names))
    for table in TABLES:
        columns = [c.name for c in all_columns(table)]
        assert len(columns) == len(set(columns)), table.name
        for name in [table.name, *columns]:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name


def test_every_required_table_is_declared() -> None:
    required = [
        "studies",
        "conditions",
        "keywords",
        "designs",
        "design_groups",
        "interventions",
        "design_group_interventions",
        "eligibilities",
        "criteria",
        "sponsors",
        "responsible_parties",
        "facilities",
        "facility_contacts",
        "central_contacts",
        "countries",
        "id_information",
        "calculated_values",
        "result_groups",
        "milestones",
        "drop_withdrawals",
        "baseline_counts",
        "baseline_measurements",
        "outcomes",
        "outcome_counts",
        "outcome_measurements",
        "outcome_analyses",
        "reported_events",
        "reported_event_totals",
        "participant_flows",
        "outcome_analysis_groups",
        "brief_summaries",
        "detailed_descriptions",
        "design_outcomes",
        "result_agreements",
        "result_contacts",
        "diagnostics",
        "unparsed_lines",
    ]
    assert set(required) <= {table.name for table in TABLES}


def _aact() -> dict[str, list[str]]:
    tables = {}
    for line in AACT.read_text(encoding="utf-8").splitlines():
        found = re.match(r"- `(\w+)`: (.*)", line)
        if found:
            tables[found[1]] = [name.strip() for name in found[2].split(",")]
    return tables


@pytest.mark.skipif(not AACT.exists(), reason=f"{AACT} is absent")
def test_aact_names_where_aact_has_the_table() -> None:
    aact = _aact()
    for table in TABLES:
        assert (table.name in aact) == table.aact, table.name
    # The columns AACT's facilities and milestones have, as the issue names them.
    facilities = next(t for t in TABLES if t.name == "facilities")
    assert set(facilities.column_names) == {"status", "name", "city", "state", "country"}
    milestones = next(t for t in TABLES if t.name == "milestones")
    assert {"result_group_id", "ctgov_group_code", "title", "period", "count"} <= set(
        milestones.column_names
    )
    # Most of our columns of AACT's tables are AACT's own names.
    ours = [(t.name, c) for t in TABLES if t.aact for c in t.column_names]
    shared = [(t, c) for t, c in ours if c in aact[t]]
    assert len(shared) / len(ours) > 0.75, sorted(set(ours) - set(shared))


# --- no parsed field falls out of the database --------------------------------------------

_VALUES = (Age, PartialDate)  # values stored whole in a column, not walked into


def _record_types() -> dict[str, type]:
    found = {name: value for name, value in vars(model).items() if attrs.has(value)}
    found["PageSource"] = PageSource
    return found


def _unwrap(hint: Any) -> list[Any]:
    """The record types a field's type holds (through Optional, unions and tuples)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(hint) for t in _unwrap(arg)]
    if origin is tuple:
        return [t for arg in typing.get_args(hint) if arg is not Ellipsis for t in _unwrap(arg)]
    if isinstance(hint, type) and attrs.has(hint) and hint not in _VALUES:
        return [hint]
    return []


def _leaf_fields() -> set[str]:
    """Every ``Class.field`` reachable from Trial (and PageSource) that holds a value."""
    leaves: set[str] = set()
    seen: set[type] = set()
    todo: list[type] = [Trial, PageSource]
    while todo:
        kind = todo.pop()
        if kind in seen:
            continue
        seen.add(kind)
        hints = typing.get_type_hints(kind)
        for field in attrs.fields(kind):
            inner = _unwrap(hints[field.name])
            if inner and typing.get_origin(hints[field.name]) is not Mapping:
                todo.extend(inner)
            else:
                leaves.add(f"{kind.__name__}.{field.name}")
    return leaves


def _excluded(field: str) -> bool:
    name = field.split(".")[1]
    return field in EXCLUDED or f"*.{name}" in EXCLUDED


def test_every_parsed_field_lands_in_a_column_or_a_documented_exclusion() -> None:
    carried = {field for table in TABLES for c in table.columns for field in c.fields}
    missing = sorted(f for f in _leaf_fields() if f not in carried and not _excluded(f))
    assert missing == []


def test_the_fields_columns_name_exist() -> None:
    records = _record_types()
    for table in TABLES:
        for c in table.columns:
            for field in c.fields:
                kind, name = field.split(".")
                assert name in attrs.fields_dict(records[kind]), f"{table.name}.{c.name}: {field}"


# --- rows --------------------------------------------------------------------------------


def _rows(tables: dict[str, Any], name: str, nct_id: str | None = None) -> list[dict[str, Any]]:
    rows = tables[name].to_pylist()
    return [row for row in rows if nct_id is None or row["nct_id"] == nct_id]


def test_the_seed_in_tables(seed_text: str) -> None:
    tables = to_tables([ctgov_parse.parse(seed_text)])
    study = _rows(tables, "studies")[0]
    assert study["nct_id"] == "NCT06788470"
    assert study["overall_status"] == "RECRUITING"
    assert study["phase"] == "PHASE1/PHASE2"
    assert study["enrollment"] == 10
    assert study["start_month_year"] == "2024-08-09"
    assert str(study["start_date"]) == "2024-08-09"
    assert study["results_status"] == "PENDING"
    criteria = _rows(tables, "criteria")
    assert [c["criterion_type"] for c in criteria].count("INCLUSION") == 4
    assert [c["criterion_type"] for c in criteria].count("EXCLUSION") == 8
    assert criteria[0]["text"] == "23-29 weeks of gestation, birth weight 500-1500g;"
    assert criteria[0]["marker"] == "1."
    (site,) = _rows(tables, "facilities")
    assert (site["city"], site["state"], site["country"]) == ("Hangzhou", "Zhejiang", "China")
    (calculated,) = _rows(tables, "calculated_values")
    assert calculated["minimum_age_num"] == 36
    assert calculated["minimum_age_unit"] == "WEEKS"
    assert calculated["minimum_age_years"] == pytest.approx(36 * 7 / 365.25)
    assert calculated["maximum_age_num"] is None  # open, not zero
    assert calculated["number_of_facilities"] == 1
    assert calculated["has_us_facility"] is False
    assert calculated["were_results_reported"] is False
    (link,) = _rows(tables, "design_group_interventions")
    (arm,) = _rows(tables, "design_groups")
    (intervention,) = _rows(tables, "interventions")
    assert link["design_group_id"] == arm["id"]
    assert link["intervention_id"] == intervention["id"]


def test_row_counts_equal_the_record_counts(
    fixture_trials: list[Trial], fixture_tables: dict[str, Any]
) -> None:
    # Of several copies of one page of a study the newest is loaded (the later of equals).
    newest: dict[tuple[str, Any], Trial] = {}
    for trial in fixture_trials:
        if trial.nct_id:
            kind = trial.page_kind or (PageKind.TRIAL if trial.results is None else None)
            old = newest.get((trial.nct_id, kind))
            date = trial.last_updated.isoformat() if trial.last_updated else ""
            if old is None or date >= (old.last_updated.isoformat() if old.last_updated else ""):
                newest[(trial.nct_id, kind)] = trial
    keyed = list(newest.values())
    assert len(keyed) < len(fixture_trials)  # the fixtures hold copies of one study
    per_study = {
        "criteria": lambda t: (
            len(t.eligibility.inclusion + t.eligibility.exclusion) if t.eligibility else 0
        ),
        "facilities": lambda t: len(t.locations),
        "sponsors": lambda t: len(t.sponsors),
        "conditions": lambda t: len(t.conditions),
        "diagnostics": lambda t: len(t.diagnostics),
        "unparsed_lines": lambda t: (
            len(t.unparsed) + sum(len(lines) for lines in t.extra_sections.values())
        ),
        "outcomes": lambda t: len(t.results.outcome_measures) if t.results else 0,
        "milestones": lambda t: sum(
            len(m.counts)
            for p in (
                t.results.participant_flow.periods
                if t.results and t.results.participant_flow
                else ()
            )
            for m in p.milestones
        ),
        "outcome_measurements": lambda t: sum(
            len(k.measurements)
            for o in (t.results.outcome_measures if t.results else ())
            for c in o.classes
            for k in c.categories
        ),
        "reported_events": lambda t: sum(
            max(1, len(e.stats))
            for e in (
                t.results.adverse_events.serious_events + t.results.adverse_events.other_events
                if t.results and t.results.adverse_events
                else ()
            )
        ),
    }
    assert fixture_tables["studies"].num_rows == len({t.nct_id for t in keyed})
    for name, count in per_study.items():
        expected = sum(count(t) for t in keyed)
        assert fixture_tables[name].num_rows == expected, name
        assert expected > 0, f"no fixture has {name}"


def test_row_ids_are_deterministic_and_unique(fixture_tables: dict[str, Any]) -> None:
    again = to_tables(_fixture_trials())
    for name, table in fixture_tables.items():
        assert table.equals(again[name]), name
        if "id" in table.column_names:
            ids = table.column("id").to_pylist()
            assert len(ids) == len(set(ids)), name
            assert all(0 <= i < 2**63 for i in ids)
    assert row_id("NCT00000001", "facilities", "0") == row_id("NCT00000001", "facilities", "0")
    assert row_id("NCT00000001", "facilities", "0") != row_id("NCT00000001", "facilities", "1")


def test_group_references_resolve(fixture_tables: dict[str, Any]) -> None:
    groups = set(fixture_tables["result_groups"].column("id").to_pylist())
    outcomes = set(fixture_tables["outcomes"].column("id").to_pylist())
    analyses = set(fixture_tables["outcome_analyses"].column("id").to_pylist())
    for name, table in fixture_tables.items():
        columns = table.column_names
        if "result_group_id" in columns:
            refs = [r for r in table.column("result_group_id").to_pylist() if r is not None]
            assert set(refs) <= groups, name
            if name != "reported_events":  # an event without numbers has no group
                assert len(refs) == table.num_rows, name
        if "outcome_id" in columns and name != "result_groups":
            assert set(table.column("outcome_id").to_pylist()) <= outcomes, name
        if "outcome_analysis_id" in columns:
            assert set(table.column("outcome_analysis_id").to_pylist()) <= analyses, name


def test_results_values_in_tables(fixture_tables: dict[str, Any]) -> None:
    measurements = fixture_tables["baseline_measurements"].to_pylist()
    numeric = [m for m in measurements if m["param_value"] and m["param_value_num"] is not None]
    assert numeric
    for row in numeric:
        assert row["param_value_num"] == float(row["param_value"])
    na = [m for m in measurements if m["param_value"] == "NA"]
    for row in na:
        assert row["param_value_num"] is None
    analyses = fixture_tables["outcome_analyses"].to_pylist()
    assert analyses
    for row in analyses:
        if row["p_value_raw"] and row["p_value_raw"].startswith("<"):
            assert row["p_value_modifier"] == "<"
            assert row["p_value"] == float(row["p_value_raw"][1:])


# --- calculated values ----------------------------------------------------------------------


def _calculated(trial: Trial) -> dict[str, Any]:
    (row,) = to_tables([trial])["calculated_values"].to_pylist()
    return row


def _site(country: str) -> Location:
    return Location(facility="Site", city="City", country=country)


@pytest.mark.parametrize(
    ("locations", "countries", "expected"),
    [
        pytest.param((), (), (0, 0, None, None), id="no-sites-unknown-not-false"),
        pytest.param((_site("United States"),), (), (1, 1, True, True), id="one-us-site"),
        pytest.param(
            (_site("France"), _site("France"), _site("Spain")), ("France",), (3, 2, False, False),
            id="countries-distinct",
        ),
        pytest.param(
            (_site("Canada"), _site("United States")), ("Canada", "United States", "Mexico"),
            (2, 3, True, False), id="listed-country-without-site",
        ),
    ],
)  # fmt: skip
def test_facility_rules(
    locations: tuple[Location, ...], countries: tuple[str, ...], expected: tuple[Any, ...]
) -> None:
    row = _calculated(Trial(nct_id="NCT00000001", locations=locations, countries=countries))
    got = (
        row["number_of_facilities"],
        row["number_of_countries"],
        row["has_us_facility"],
        row["has_single_facility"],
    )
    assert got == expected


@pytest.mark.parametrize(
    ("minimum", "maximum", "expected"),
    [
        pytest.param(Age(value=18, unit=AgeUnit.YEARS), Age(value=65, unit=AgeUnit.YEARS),
                     (18, "YEARS", 18.0, 65, "YEARS", 65.0, "ADULT/OLDER_ADULT"), id="adult"),
        pytest.param(None, Age(value=6, unit=AgeUnit.MONTHS),
                     (None, None, None, 6, "MONTHS", 0.5, "CHILD"), id="open-below"),
        pytest.param(Age(value=65, unit=AgeUnit.YEARS), None,
                     (65, "YEARS", 65.0, None, None, None, "OLDER_ADULT"), id="open-above"),
        pytest.param(None, None, (None, None, None, None, None, None, "CHILD/ADULT/OLDER_ADULT"),
                     id="no-bounds"),
    ],
)  # fmt: skip
def test_age_rules(minimum: Age | None, maximum: Age | None, expected: tuple[Any, ...]) -> None:
    trial = Trial(
        nct_id="NCT00000001", eligibility=Eligibility(minimum_age=minimum, maximum_age=maximum)
    )
    row = _calculated(trial)
    names = ("minimum_age_num", "minimum_age_unit", "minimum_age_years", "maximum_age_num",
             "maximum_age_unit", "maximum_age_years", "age_groups")  # fmt: skip
    assert tuple(row[name] for name in names) == expected


def test_age_in_years_is_exact_for_months() -> None:
    assert Age(value=6, unit=AgeUnit.MONTHS).years == Fraction(1, 2)


@pytest.mark.parametrize(
    ("completion", "posted", "months"),
    [
        pytest.param("2020-03", "2021-04-15", 13, id="month-to-day"),
        pytest.param("2020-12-31", "2021-01-01", 1, id="calendar-months"),
        pytest.param("2020", "2021-04", None, id="year-only-completion"),
        pytest.param(None, "2021-04", None, id="no-completion"),
        pytest.param("2021-04", "2021-04", 0, id="same-month"),
    ],
)
def test_months_to_report_results(
    completion: str | None, posted: str | None, months: int | None
) -> None:
    assert months_between(completion, posted) == months


def test_were_results_reported_follows_the_pages() -> None:
    pending = Trial(nct_id="NCT00000001", results_status=ResultsStatus.PENDING)
    available = Trial(nct_id="NCT00000001", results_status=ResultsStatus.AVAILABLE)
    unknown = Trial(nct_id="NCT00000001")
    assert _calculated(pending)["were_results_reported"] is False
    assert _calculated(available)["were_results_reported"] is True
    assert _calculated(unknown)["were_results_reported"] is None


# --- two pages, one study; copies; stale pages ------------------------------------------------


def _results_fixture() -> tuple[Trial, Trial]:
    """A trial page and a results page of one study (rendered from a study with results)."""
    path = ROOT / "fixtures" / "results_outcomes_analysis.txt"
    results = ctgov_parse.parse(path.read_text(encoding="utf-8"))
    assert results.page_kind is PageKind.RESULTS and results.nct_id
    trial = Trial(
        nct_id=results.nct_id,
        title="The trial page's title",
        status=model.Status.COMPLETED,
        completion_date=PartialDate(year=2019, month=6),
        results_status=ResultsStatus.AVAILABLE,
        locations=(_site("United States"),),
        last_updated=PartialDate(year=2024, month=1, day=5),
        page_kind=PageKind.TRIAL,
    )
    return trial, results


@pytest.mark.parametrize("order", ["trial-first", "results-first", "one-batch"])
def test_two_pages_make_one_study(order: str) -> None:
    from ctgov_parse.tables.load import MemoryStore, load

    trial, results = _results_fixture()
    store = MemoryStore()
    if order == "trial-first":
        load(store, [trial])
        load(store, [results])
    elif order == "results-first":
        load(store, [results])
        load(store, [trial])
    else:
        load(store, [results, trial])
    studies = next(t for t in TABLES if t.name == "studies")
    (row,) = store.rows(studies)
    study = dict(zip(studies.column_names, row, strict=True))
    assert study["brief_title"] == "The trial page's title"  # the trial page owns it
    assert study["page_kind"] == "TRIAL"
    assert study["results_first_posted_month_year"] is not None  # the results page's
    calculated_table = next(t for t in TABLES if t.name == "calculated_values")
    (calc,) = store.rows(calculated_table)
    calculated = dict(zip(calculated_table.column_names, calc, strict=True))
    assert calculated["number_of_facilities"] == 1
    assert calculated["were_results_reported"] is True
    posted = study["results_first_posted_month_year"]
    assert calculated["months_to_report_results"] == months_between("2019-06", posted)
    outcomes = next(t for t in TABLES if t.name == "outcomes")
    assert len(store.rows(outcomes)) == len(results.results.outcome_measures)  # type: ignore[union-attr]


def test_a_reload_replaces_and_an_older_copy_is_skipped() -> None:
    from ctgov_parse.tables.load import MemoryStore, load

    trial, _ = _results_fixture()
    facilities = next(t for t in TABLES if t.name == "facilities")
    store = MemoryStore()
    load(store, [trial])
    newer = attrs.evolve(
        trial,
        locations=(_site("France"), _site("Spain")),
        last_updated=PartialDate(year=2024, month=3, day=1),
    )
    report = load(store, [newer])
    assert report.loaded == 1 and not report.stale
    assert [row[-1] for row in store.rows(facilities)] == ["France", "Spain"]
    report = load(store, [trial])  # the January copy, after the March one
    assert report.loaded == 0
    (stale,) = report.stale
    assert (stale.nct_id, stale.stored, stale.incoming) == (
        trial.nct_id,
        "2024-03-01",
        "2024-01-05",
    )
    assert [row[-1] for row in store.rows(facilities)] == ["France", "Spain"]
    # In one batch, the newest copy wins whatever the order.
    fresh = MemoryStore()
    load(fresh, [newer, trial])
    assert [row[-1] for row in fresh.rows(facilities)] == ["France", "Spain"]


def test_pages_without_an_nct_number_are_reported_not_loaded() -> None:
    from ctgov_parse.tables.load import MemoryStore, load

    report = load(MemoryStore(), [Trial(title="No number"), Trial(nct_id="NCT00000001")])
    assert report.loaded == 1
    assert report.unkeyed == [None]


def test_to_tables_takes_iter_parse_outcomes(seed_text: str) -> None:
    outcomes = list(ctgov_parse.iter_parse([seed_text, "\x00 not a page"]))
    tables = to_tables(outcomes)
    (page,) = tables["pages"].to_pylist()
    assert page["source_index"] == 0
    assert tables["studies"].num_rows == 1


def test_empty_input_gives_every_table_with_its_schema() -> None:
    tables = to_tables([])
    assert set(tables) == {table.name for table in TABLES}
    for table in TABLES:
        assert tables[table.name].num_rows == 0
        assert tables[table.name].column_names == [c.name for c in all_columns(table)]


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_to_frames(library: str, fixture_trials: list[Trial]) -> None:
    pytest.importorskip(library)
    frames = to_frames(fixture_trials, library=library)  # type: ignore[arg-type]
    tables = to_tables(fixture_trials)
    for name, table in tables.items():
        assert len(frames[name]) == table.num_rows, name
        assert list(frames[name].columns) == table.column_names
    studies = frames["studies"]
    rows = studies.to_dicts() if library == "polars" else studies.to_dict("records")
    seed = [row for row in rows if row["nct_id"] == "NCT06788470"]
    assert len(seed) == 1
    assert seed[0]["enrollment"] == 10


def test_to_frames_names_the_libraries() -> None:
    with pytest.raises(ValueError, match="pandas"):
        to_frames([], library="numpy")  # type: ignore[arg-type]


def test_a_missing_extra_is_named_in_one_line() -> None:
    from ctgov_parse.tables.arrow import require

    with pytest.raises(ImportError) as raised:
        require("psycopg_not_installed_anywhere")
    assert str(raised.value) == (
        "psycopg_not_installed_anywhere is needed for this:"
        " pip install 'ctgov_parse[psycopg_not_installed_anywhere]'"
    )
    assert "\n" not in str(raised.value)


def test_public_names() -> None:
    assert ctgov_parse.to_tables is to_tables
    assert ctgov_parse.to_frames is to_frames
    assert isinstance(Path(ctgov_parse.__file__), Path)
