"""Every table and its loader against the real engines: DuckDB and SQLite files, a
PostgreSQL server the tests start, Parquet files. Each must give exactly the rows
``to_tables`` gives, ids included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest

import ctgov_parse
from ctgov_parse.model import (
    Arm,
    Criterion,
    Eligibility,
    Location,
    PageKind,
    PartialDate,
    Sponsor,
    SponsorRole,
    Trial,
)
from ctgov_parse.tables import TABLES, to_tables
from tests.conftest import ROOT, STUDIES, fixture_pages, needs_sample
from tests.tables_engines import (  # noqa: F401  (the fixtures the tests use)
    Target,
    _postgres_server_url,
    _postgres_url,
    _target,
    memory_rows,
)

pytest.importorskip("pyarrow")


def _fixture_trials() -> list[Trial]:
    return [ctgov_parse.parse(p.read_text(encoding="utf-8")) for p in fixture_pages()]


def _sample_pages() -> list[Trial]:
    """Each sample study's trial page, and its results page where it has results, as
    rendered and parsed back."""
    pages = []
    for path in STUDIES:
        study = ctgov_parse.from_ctgov(json.loads(path.read_text(encoding="utf-8")))
        pages.append(ctgov_parse.parse(ctgov_parse.render(study)))
        if study.results is not None:
            pages.append(ctgov_parse.parse(ctgov_parse.render(study, page="results")))
    return pages


def test_fixtures_give_the_rows_of_to_tables(target: Target) -> None:
    trials = _fixture_trials()
    report = target.load(trials)
    assert report.loaded == len([t for t in trials if t.nct_id]) - 1  # a copy of the seed
    assert target.read() == memory_rows(to_tables(trials))


@needs_sample
def test_sample_studies_give_the_rows_of_to_tables(target: Target) -> None:
    pages = _sample_pages()
    assert sum(p.page_kind is PageKind.RESULTS for p in pages) == 6
    target.load(pages, batch_pages=50)  # several batches; results pages in another batch
    got = target.read()
    assert got == memory_rows(to_tables(pages))
    assert len(got["studies"]) == len(STUDIES)
    measurements = sum(
        len(category.measurements)
        for page in pages
        if page.results is not None
        for outcome in page.results.outcome_measures
        for measure_class in outcome.classes
        for category in measure_class.categories
    )
    assert len(got["outcome_measurements"]) == measurements > 50


def test_reload_is_idempotent(target: Target) -> None:
    trials = _fixture_trials()
    target.load(trials)
    first = target.read()
    report = target.load(trials)
    assert report.stale == []
    assert target.read() == first


# --- SQL over the DuckDB file ----------------------------------------------------------------


@pytest.fixture(scope="module")
def duckdb_target(tmp_path_factory: pytest.TempPathFactory) -> Target:
    pytest.importorskip("duckdb")
    target = Target("duckdb", tmp_path_factory.mktemp("duckdb"), None)
    pages = _fixture_trials() + (_sample_pages() if STUDIES else [])
    target.load(pages)
    return target


def test_no_orphans(duckdb_target: Target) -> None:
    references = {
        "design_group_id": "design_groups",
        "intervention_id": "interventions",
        "result_group_id": "result_groups",
        "outcome_id": "outcomes",
        "outcome_analysis_id": "outcome_analyses",
    }
    for table in TABLES:
        if table.name == "studies":
            continue
        (orphans,) = duckdb_target.query(
            f"SELECT count(*) FROM {table.name} t LEFT JOIN studies s ON s.nct_id = t.nct_id"
            " WHERE s.nct_id IS NULL"
        )
        assert orphans == (0,), table.name
        for column, parent in references.items():
            if column in table.column_names:
                (dangling,) = duckdb_target.query(
                    f"SELECT count(*) FROM {table.name} t LEFT JOIN {parent} p"
                    f" ON p.id = t.{column} WHERE t.{column} IS NOT NULL AND p.id IS NULL"
                )
                assert dangling == (0,), f"{table.name}.{column}"


# One query per table and the value the fixture page shows (read off the page, not the code).
SEED, RETINA, PATCH = "NCT06788470", "NCT03555773", "NCT03770221"
KNOWN: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
    "studies": (
        f"SELECT overall_status, phase, enrollment, CAST(start_date AS VARCHAR), results_status"
        f" FROM studies WHERE nct_id = '{SEED}'",
        [("RECRUITING", "PHASE1/PHASE2", 10, "2024-08-09", "PENDING")],
    ),
    "calculated_values": (
        "SELECT minimum_age_num, minimum_age_unit, maximum_age_num, number_of_facilities,"
        f" has_us_facility FROM calculated_values WHERE nct_id = '{SEED}'",
        [(36, "WEEKS", None, 1, False)],
    ),
    "brief_summaries": (
        f"SELECT starts_with(description, 'Bronchopulmonary dysplasia (BPD) is a chronic lung"
        f" disease') FROM brief_summaries WHERE nct_id = '{SEED}'",
        [(True,)],
    ),
    "detailed_descriptions": (
        "SELECT description FROM detailed_descriptions WHERE nct_id = 'NCT06100002'",
        [("The app delivers eight weekly audio lessons.",)],
    ),
    "conditions": (
        f"SELECT name, downcase_name FROM conditions WHERE nct_id = '{SEED}'",
        [("BPD - Bronchopulmonary Dysplasia", "bpd - bronchopulmonary dysplasia")],
    ),
    "keywords": (
        "SELECT name FROM keywords WHERE nct_id = 'NCT05190036' AND ordinal = 0",
        [("text messaging",)],
    ),
    "designs": (
        "SELECT allocation, intervention_model, primary_purpose, masking FROM designs"
        f" WHERE nct_id = '{SEED}'",
        [("NA", "SINGLE_GROUP", "TREATMENT", "NONE")],
    ),
    "design_groups": (
        f"SELECT group_type, title FROM design_groups WHERE nct_id = '{SEED}'",
        [("EXPERIMENTAL", "MSC transplantation")],
    ),
    "interventions": (
        f"SELECT intervention_type, name FROM interventions WHERE nct_id = '{SEED}'",
        [("DRUG", "MSC")],
    ),
    "design_group_interventions": (
        "SELECT g.title, i.name FROM design_group_interventions d"
        " JOIN design_groups g ON g.id = d.design_group_id"
        f" JOIN interventions i ON i.id = d.intervention_id WHERE d.nct_id = '{SEED}'",
        [("MSC transplantation", "MSC")],
    ),
    "eligibilities": (
        "SELECT gender, minimum_age, maximum_age, healthy_volunteers FROM eligibilities"
        f" WHERE nct_id = '{SEED}'",
        [("ALL", "36 Weeks", None, False)],
    ),
    "criteria": (
        f"SELECT criterion_type, count(*) FROM criteria WHERE nct_id = '{SEED}'"
        " GROUP BY criterion_type ORDER BY criterion_type",
        [("EXCLUSION", 8), ("INCLUSION", 4)],
    ),
    "sponsors": (
        f"SELECT agency_class, lead_or_collaborator, name FROM sponsors WHERE nct_id = '{SEED}'",
        [("OTHER", "LEAD", "The Children's Hospital of Zhejiang University School of Medicine")],
    ),
    "responsible_parties": (
        f"SELECT responsible_party_type, name FROM responsible_parties WHERE nct_id = '{SEED}'",
        [("PRINCIPAL_INVESTIGATOR", "Shu Qiang")],
    ),
    "facilities": (
        f"SELECT status, city, state, country FROM facilities WHERE nct_id = '{SEED}'",
        [("RECRUITING", "Hangzhou", "Zhejiang", "China")],
    ),
    "facility_contacts": (
        f"SELECT contact_type, name, phone FROM facility_contacts WHERE nct_id = '{SEED}'",
        [("PRIMARY", "Ruoqiong Huang, Postdoc", "0571-86670704")],
    ),
    "central_contacts": (
        f"SELECT role, name FROM central_contacts WHERE nct_id = '{SEED}'",
        [("CONTACT", "Yaoqin Hu, MD")],
    ),
    "countries": (f"SELECT name FROM countries WHERE nct_id = '{SEED}'", [("China",)]),
    "id_information": (
        f"SELECT id_source, id_value, id_type FROM id_information WHERE nct_id = '{SEED}'",
        [("org_study_id", "2019-SC-001", None)],
    ),
    "related_trials": (
        "SELECT title, related_nct_id FROM related_trials WHERE nct_id = 'NCT05190036'",
        [("SMS Reminders for HPV Vaccine Series Completion", "NCT04620174")],
    ),
    "result_groups": (
        "SELECT result_type, title FROM result_groups"
        f" WHERE nct_id = '{RETINA}' AND ctgov_group_code = 'FG000'",
        [("Participant Flow", "Every 12 weeks")],
    ),
    "participant_flows": (
        "SELECT starts_with(recruitment_details, 'Adults with centre-involving diabetic"
        f" macular edem') FROM participant_flows WHERE nct_id = '{RETINA}'",
        [(True,)],
    ),
    "milestones": (
        "SELECT m.ctgov_group_code, g.title, m.count FROM milestones m"
        " JOIN result_groups g ON g.id = m.result_group_id"
        f" WHERE m.nct_id = '{RETINA}' AND m.title = 'STARTED' ORDER BY m.ordinal",
        [("FG000", "Every 12 weeks", 60), ("FG001", "Every 8 weeks", 60)],
    ),
    "drop_withdrawals": (
        "SELECT ctgov_group_code, count FROM drop_withdrawals"
        f" WHERE nct_id = '{RETINA}' AND reason = 'Lost to Follow-up' ORDER BY ordinal",
        [("FG000", 3), ("FG001", 2)],
    ),
    "baseline_counts": (
        "SELECT ctgov_group_code, units, count FROM baseline_counts"
        f" WHERE nct_id = '{RETINA}' AND scope = 'OVERALL' ORDER BY ordinal",
        [("BG000", "Participants", 60), ("BG001", "Participants", 60),
         ("BG002", "Participants", 120)],
    ),
    "baseline_measurements": (
        "SELECT param_value, param_value_num, param_type, dispersion_type, dispersion_value,"
        " units FROM baseline_measurements"
        f" WHERE nct_id = '{RETINA}' AND title = 'Age, Continuous' AND ctgov_group_code = 'BG000'",
        [("63.2", 63.2, "MEAN", "STANDARD_DEVIATION", "9.4", "years")],
    ),
    "outcomes": (
        f"SELECT outcome_type, title, time_frame FROM outcomes WHERE nct_id = '{PATCH}'"
        " AND ordinal = 0",
        [("PRIMARY", "Validated Abstinence at Delivery", "At delivery")],
    ),
    "outcome_counts": (
        "SELECT c.ctgov_group_code, c.count FROM outcome_counts c"
        f" JOIN outcomes o ON o.id = c.outcome_id WHERE c.nct_id = '{PATCH}' AND o.ordinal = 0"
        " ORDER BY c.ordinal",
        [("OG000", 26), ("OG001", 27)],
    ),
    "outcome_measurements": (
        "SELECT m.ctgov_group_code, m.param_value FROM outcome_measurements m"
        f" JOIN outcomes o ON o.id = m.outcome_id WHERE m.nct_id = '{PATCH}' AND o.ordinal = 0"
        " ORDER BY m.ordinal",
        [("OG000", "4"), ("OG001", "0")],
    ),
    "outcome_analyses": (
        "SELECT method, non_inferiority_type, p_value_raw, p_value, ci_percent, ci_n_sides"
        f" FROM outcome_analyses WHERE nct_id = '{PATCH}' AND ordinal = 0",
        [("Fisher Exact", "SUPERIORITY", "NA", None, 95.0, "TWO_SIDED")],
    ),
    "outcome_analysis_groups": (
        "SELECT g.ctgov_group_code FROM outcome_analysis_groups g"
        " JOIN outcome_analyses a ON a.id = g.outcome_analysis_id"
        f" WHERE g.nct_id = '{PATCH}' AND a.ordinal = 0 ORDER BY g.ordinal",
        [("OG000",), ("OG001",)],
    ),
    "reported_events": (
        "SELECT ctgov_group_code, subjects_affected, subjects_at_risk, event_count, vocab"
        f" FROM reported_events WHERE nct_id = '{RETINA}'"
        " AND adverse_event_term = 'Myocardial infarction' ORDER BY ordinal",
        [("EG000", 1, 60, 1, "MedDRA 21.1"), ("EG001", 2, 60, 2, "MedDRA 21.1")],
    ),
    "reported_event_summaries": (
        "SELECT frequency_threshold, time_frame FROM reported_event_summaries"
        f" WHERE nct_id = '{RETINA}'",
        [("3", "52 weeks")],
    ),
    "reported_event_totals": (
        "SELECT ctgov_group_code, event_type, subjects_affected, subjects_at_risk"
        f" FROM reported_event_totals WHERE nct_id = '{RETINA}' ORDER BY ordinal",
        [("EG000", "SERIOUS", 4, 60), ("EG000", "OTHER", 19, 60),
         ("EG001", "SERIOUS", 6, 60), ("EG001", "OTHER", 24, 60)],
    ),
    "result_agreements": (
        "SELECT pi_employee, restrictive_agreement FROM result_agreements"
        f" WHERE nct_id = '{RETINA}'",
        [(True, False)],
    ),
    "result_contacts": (
        "SELECT organization, name, email, phone FROM result_contacts"
        f" WHERE nct_id = '{RETINA}'",
        [("Retina Research Foundation", "Medical Information", "info@example.org",
          "Please email")],
    ),
    "design_outcomes": (
        f"SELECT outcome_type, time_frame FROM design_outcomes WHERE nct_id = '{RETINA}'",
        [("PRIMARY", "Baseline and week 52")],
    ),
    "unmapped_table_cells": (
        "SELECT text FROM unmapped_table_cells WHERE nct_id = 'NCT03011223'"
        " AND row_index = 0 AND column_index = 0",
        [("Age, Continuous",)],
    ),
    "pages": (
        "SELECT page_kind, page_shape, last_updated FROM pages WHERE nct_id = 'NCT05733960'",
        [("TRIAL", "COMPACT", "2025-09-30")],
    ),
    "diagnostics": (
        "SELECT code, line FROM diagnostics WHERE nct_id = 'NCT05733960' AND code = 'truncated'",
        [("truncated", 50)],
    ),
    "unparsed_lines": (
        "SELECT line_number, section FROM unparsed_lines WHERE nct_id = 'NCT04433322'"
        " AND text = 'Data Monitoring Committee'",
        [(83, "study_design")],
    ),
    # the fixtures hold the seed twice (two shapes, the same content): one version
    "study_versions": (
        "SELECT page_kind, version, last_updated, overall_status, page_shape FROM study_versions"
        f" WHERE nct_id = '{SEED}'",
        [("TRIAL", 1, "2025-01-23", "RECRUITING", "LABELLED")],
    ),
    "study_changes": ("SELECT count(*) FROM study_changes", [(0,)]),
    "status_history": (
        "SELECT overall_status, CAST(from_date AS VARCHAR), to_date, days FROM status_history"
        f" WHERE nct_id = '{SEED}'",
        [("RECRUITING", "2025-01-23", None, None)],
    ),
}  # fmt: skip


def test_a_known_value_per_table(duckdb_target: Target) -> None:
    assert set(KNOWN) == {table.name for table in TABLES}
    for name, (sql, expected) in KNOWN.items():
        assert duckdb_target.query(sql) == expected, name


# --- values are data, never SQL ------------------------------------------------------------

HOSTILE = (
    "'); DROP TABLE studies; --",
    'a "quoted" name; with semicolons;',
    "back\\slash \\N \\. and a tab\tinside",
    "control \x01\x02\x1b[31m characters\x7f",
    "Zürich, 東京, القاهرة, emoji \U0001f9ea",
    "line one\nline two\r\nline three",
    "$$ dollar $tag$ quoting $$",
    "%s %(name)s ? :name @p1",
)


def _hostile_trial() -> Trial:
    return Trial(
        nct_id="NCT09999999",
        title=HOSTILE[0],
        brief_summary=HOSTILE[5],
        conditions=HOSTILE,
        keywords=tuple(reversed(HOSTILE)),
        arms=(Arm(label=HOSTILE[1], description=HOSTILE[2]),),
        eligibility=Eligibility(inclusion=tuple(Criterion(text=t) for t in HOSTILE)),
        sponsors=(Sponsor(name=HOSTILE[3], role=SponsorRole.LEAD),),
        locations=tuple(Location(facility=t, city=t, country=t) for t in HOSTILE),
        page_kind=PageKind.TRIAL,
    )


def test_hostile_values_come_back_unchanged(target: Target) -> None:
    trial = _hostile_trial()
    target.load([trial])
    names = [row[0] for row in target.query("SELECT name FROM conditions ORDER BY ordinal")]
    assert names == list(HOSTILE)
    facilities = target.query("SELECT name, city, country FROM facilities ORDER BY ordinal")
    assert facilities == [(t, t, t) for t in HOSTILE]
    criteria = [row[0] for row in target.query("SELECT text FROM criteria ORDER BY ordinal")]
    assert criteria == list(HOSTILE)
    assert target.query("SELECT brief_title FROM studies") == [(HOSTILE[0],)]
    assert target.query("SELECT description FROM brief_summaries") == [(HOSTILE[5],)]
    assert target.query("SELECT count(*) FROM studies") == [(1,)]  # nothing dropped


def test_hostile_page_through_the_parser(target: Target) -> None:
    page = ctgov_parse.render(_hostile_trial())
    trial = ctgov_parse.parse(page)
    target.load([trial])
    (title,) = target.query("SELECT brief_title FROM studies")
    assert title == (trial.title,)
    conditions = [row[0] for row in target.query("SELECT name FROM conditions ORDER BY ordinal")]
    assert conditions == list(trial.conditions)
    assert "'); DROP TABLE studies; --" in conditions


# --- one study, two pages, several loads ------------------------------------------------------


def _two_pages() -> tuple[Trial, Trial]:
    results = ctgov_parse.parse(
        (ROOT / "fixtures" / "results_outcomes_analysis.txt").read_text(encoding="utf-8")
    )
    trial = Trial(
        nct_id=results.nct_id,
        title="The trial page's title",
        completion_date=PartialDate(year=2019, month=6),
        locations=(Location(facility="A", country="United States"),),
        last_updated=PartialDate(year=2024, month=1, day=5),
        page_kind=PageKind.TRIAL,
    )
    return trial, results


def test_two_loads_make_one_study_and_an_older_copy_is_refused(target: Target) -> None:
    trial, results = _two_pages()
    target.load([results])
    target.load([trial])
    newer = attrs.evolve(
        trial,
        locations=(
            Location(facility="B", country="France"),
            Location(facility="C", country="Spain"),
        ),
        last_updated=PartialDate(year=2024, month=3, day=1),
    )
    target.load([newer])
    report = target.load([trial])
    if target.engine != "parquet-tables":  # Parquet is rewritten from all loads at once
        assert [str(s) for s in report.stale] == [
            f"{trial.nct_id}: trial page last updated 2024-01-05, older than the stored"
            " 2024-03-01; added to the history only"
        ]
    assert target.query("SELECT nct_id, brief_title FROM studies") == [
        (trial.nct_id, "The trial page's title")
    ]
    assert target.query("SELECT name FROM facilities ORDER BY ordinal") == [("B",), ("C",)]
    outcomes = target.query("SELECT count(*) FROM outcomes")
    assert outcomes == [(len(results.results.outcome_measures),)]  # type: ignore[union-attr]
    (calculated,) = target.query(
        "SELECT number_of_facilities, were_results_reported, months_to_report_results"
        " FROM calculated_values"
    )
    (posted,) = target.query("SELECT results_first_posted_month_year FROM studies")
    year, month = int(posted[0][:4]), int(posted[0][5:7])
    assert calculated == (2, True, (year * 12 + month) - (2019 * 12 + 6))


# --- an interrupted load --------------------------------------------------------------------

_LOADER = """
import sys, attrs, ctgov_parse
from ctgov_parse.tables.load import load
from ctgov_parse.tables.targets import open_store
engine, where, seed = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
trial = ctgov_parse.parse(seed)
pages = (attrs.evolve(trial, nct_id=f"NCT{n:08d}") for n in range(100000))
def committed(report):
    print(report.loaded, flush=True)
load(open_store(engine, where), pages, batch_pages=200, on_batch=committed)
"""


@pytest.mark.parametrize("engine", ["duckdb", "sqlite", "postgres"])
def test_a_killed_load_leaves_only_whole_batches(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest, seed_text: str
) -> None:
    if engine == "duckdb":
        pytest.importorskip("duckdb")
    where = (
        request.getfixturevalue("postgres_url")
        if engine == "postgres"
        else str(tmp_path / f"trials.{engine}")
    )
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    loader = subprocess.Popen(
        [sys.executable, "-c", _LOADER, engine, where, str(seed)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert loader.stdout is not None
    committed = [int(loader.stdout.readline()) for _ in range(3)]
    assert committed == [200, 400, 600]
    time.sleep(0.05)  # into the next batch: its transaction is open when the kill lands
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)
    target = Target(engine, tmp_path, where if engine == "postgres" else None)
    if engine != "postgres":
        target.where = where
    (studies,) = target.query("SELECT count(*) FROM studies")
    assert studies[0] % 200 == 0 and studies[0] >= 600
    one = to_tables([ctgov_parse.parse(seed_text)])
    for table in TABLES:
        (count,) = target.query(f"SELECT count(*) FROM {table.name}")
        assert count == (one[table.name].num_rows * studies[0],), table.name


@pytest.mark.parametrize("engine", ["duckdb", "sqlite", "parquet-tables", "postgres"])
def test_the_library_functions_load_each_target(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from ctgov_parse import tables

    if engine in ("duckdb", "parquet-tables"):
        pytest.importorskip("duckdb")
    url = request.getfixturevalue("postgres_url") if engine == "postgres" else None
    target = Target(engine, tmp_path, url)
    load = {
        "duckdb": tables.to_duckdb,
        "sqlite": tables.to_sqlite,
        "parquet-tables": tables.to_parquet_tables,
        "postgres": tables.to_postgres,
    }[engine]
    outcomes = list(ctgov_parse.iter_parse(ROOT / "fixtures"))
    report = load(outcomes, target.where)  # type: ignore[operator]
    assert report.loaded == 35 and report.superseded == 1 and len(report.unkeyed) == 1
    assert target.read() == memory_rows(to_tables(outcomes))
