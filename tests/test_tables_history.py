"""The history tables (``study_versions``, ``study_changes``, ``status_history``): every
distinct version of a study's pages, whatever order and however many runs they come in,
in memory and in the four real engines.

The versions are the seed page and three later versions of it (``tests/test_diff.py``
writes out each edit)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

import ctgov_parse
from ctgov_parse.model import Trial
from ctgov_parse.tables import to_tables
from tests.conftest import STUDIES, needs_sample
from tests.tables_engines import (  # noqa: F401  (the fixtures the tests use)
    Target,
    _postgres_server_url,
    _postgres_url,
    _target,
    memory_rows,
)
from tests.test_diff import SEED, V2, V3, V4

pytest.importorskip("pyarrow")

HISTORY = ("study_versions", "study_changes", "status_history")
NCT = "NCT06788470"


def _versions() -> list[Trial]:
    return [ctgov_parse.parse(page) for page in (SEED, V2, V3, V4)]


def _history(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    return {name: tables[name] for name in HISTORY}


def _dicts(table: Any) -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=lambda row: (row["page_kind"], row["version"]))


def test_four_versions_give_their_versions_changes_and_statuses() -> None:
    v1, v2, v3, v4 = _versions()
    tables = to_tables([v3, v1, v4, v2])  # the order of the input does not matter
    versions = _dicts(tables["study_versions"])
    assert [(r["version"], r["ordinal"], r["last_updated"], r["overall_status"])
            for r in versions] == [
        (1, 0, "2025-01-23", "RECRUITING"),
        (2, 1, "2025-09-30", "ACTIVE_NOT_RECRUITING"),
        (3, 2, "2026-03-15", "ACTIVE_NOT_RECRUITING"),
        (4, 3, "2026-07-01", "COMPLETED"),
    ]  # fmt: skip
    assert {r["page_kind"] for r in versions} == {"TRIAL"}
    # the record is the API v2 study the version says, readable with from_ctgov
    assert [json.loads(r["record"]) for r in versions] == [
        ctgov_parse.to_ctgov(v) for v in (v1, v2, v3, v4)
    ]
    assert ctgov_parse.from_ctgov(json.loads(versions[3]["record"])).status == v4.status
    changes = sorted(
        tables["study_changes"].to_pylist(), key=lambda r: (r["version_to"], r["ordinal"])
    )
    expected = [
        (before, after, change)
        for before, after, (old, new) in zip(
            (1, 2, 3), (2, 3, 4), itertools.pairwise((v1, v2, v3, v4)), strict=True
        )
        for change in ctgov_parse.diff(old, new)
    ]
    assert len(expected) == 12
    assert [
        (r["version_from"], r["version_to"], r["topic"], r["kind"], r["path"],
         r["old_value"], r["new_value"])
        for r in changes
    ] == [
        (before, after, c.topic.value, c.kind.value, c.path,
         None if c.old is None else json.dumps(c.old, separators=(",", ":"), ensure_ascii=False),
         None if c.new is None else json.dumps(c.new, separators=(",", ":"), ensure_ascii=False))
        for before, after, c in expected
    ]  # fmt: skip
    assert changes[1]["last_updated_from"] == "2025-01-23"
    assert changes[1]["last_updated_to"] == "2025-09-30"
    statuses = sorted(tables["status_history"].to_pylist(), key=lambda r: r["ordinal"])
    assert [
        (r["overall_status"], str(r["from_date"]), str(r["to_date"]), r["days"],
         r["version_from"], r["version_to"])
        for r in statuses
    ] == [
        ("RECRUITING", "2025-01-23", "2025-09-30", 250, 1, 1),
        ("ACTIVE_NOT_RECRUITING", "2025-09-30", "2026-07-01", 274, 2, 3),
        ("COMPLETED", "2026-07-01", "None", None, 4, 4),
    ]  # fmt: skip


def test_any_order_gives_the_same_history() -> None:
    versions = _versions()
    first = memory_rows(to_tables(versions))
    for order in itertools.permutations(versions):
        assert _history(memory_rows(to_tables(list(order)))) == _history(first)


def test_a_copy_in_the_other_shape_or_spacing_adds_no_version() -> None:
    v1 = _versions()[0]
    compact = ctgov_parse.parse(ctgov_parse.render(v1, shape="compact"))
    spaced = ctgov_parse.parse(SEED.replace("\n\n", "\n\n\n").replace(" years", "  years"))
    tables = to_tables([v1, compact, spaced])
    assert tables["study_versions"].num_rows == 1
    assert tables["study_changes"].num_rows == 0


def test_the_current_tables_keep_the_newest() -> None:
    v1, _, _, v4 = _versions()
    tables = to_tables([v4, v1])
    assert tables["studies"].column("overall_status").to_pylist() == ["COMPLETED"]
    assert tables["study_versions"].num_rows == 2


@needs_sample
def test_a_record_with_results_is_a_version_of_both_pages() -> None:
    path = next(p for p in STUDIES if json.loads(p.read_text())["hasResults"])
    study = ctgov_parse.from_ctgov(json.loads(path.read_text(encoding="utf-8")))
    versions = _dicts(to_tables([study])["study_versions"])
    assert [(r["page_kind"], r["version"]) for r in versions] == [("RESULTS", 1), ("TRIAL", 1)]
    # the same study's results page, drawn and read back, says the same results
    page = ctgov_parse.parse(ctgov_parse.render(study, page="results"))
    both = _dicts(to_tables([study, page])["study_versions"])
    assert [r["page_kind"] for r in both] == ["RESULTS", "TRIAL"]


def test_engines_keep_history_across_runs(target: Target) -> None:
    """Versions arriving in two runs, older ones after newer ones, give the tables of one
    run in date order; loading them again adds nothing; the current tables show the newest."""
    v1, v2, v3, v4 = _versions()
    first = target.load([v4, v2])
    assert (first.versions, first.changes) == (2, len(ctgov_parse.diff(v2, v4))) == (2, 5)
    second = target.load([v3, v1])
    assert second.versions == 2  # older than the stored page: history only
    got = target.read()
    assert _history(got) == _history(memory_rows(to_tables([v1, v2, v3, v4])))
    again = target.load([v1, v2, v3, v4])
    assert (again.versions, again.changes) == (0, 0)
    assert _history(target.read()) == _history(got)
    assert target.query(f"SELECT overall_status FROM studies WHERE nct_id = '{NCT}'") == [
        ("COMPLETED",)
    ]


def test_as_of_query(target: Target) -> None:
    """The documented query: what the study said on a date (docs/history.md)."""
    target.load(_versions())
    sql = (
        "SELECT version, overall_status FROM study_versions WHERE nct_id = ?"
        " AND page_kind = 'TRIAL' AND last_updated <= ? ORDER BY version DESC LIMIT 1"
    )
    assert target.query(sql, (NCT, "2025-12-31")) == [(2, "ACTIVE_NOT_RECRUITING")]
    assert target.query(sql, (NCT, "2026-03-15")) == [(3, "ACTIVE_NOT_RECRUITING")]
    assert target.query(sql, (NCT, "2024-12-31")) == []
    if target.engine != "sqlite":  # DISTINCT ON: DuckDB (which reads the Parquet) and PostgreSQL
        every = (
            "SELECT DISTINCT ON (nct_id) nct_id, version, overall_status FROM study_versions"
            " WHERE page_kind = 'TRIAL' AND last_updated <= '2025-12-31'"
            " ORDER BY nct_id, version DESC"
        )
        assert target.query(every) == [(NCT, 2, "ACTIVE_NOT_RECRUITING")]
