"""``ctgov-parse --format duckdb|sqlite|parquet-tables|postgres``, run for real."""

from __future__ import annotations

from pathlib import Path

import pytest

import ctgov_parse
from ctgov_parse.tables import to_tables
from tests.conftest import FIXTURES, fixture_pages
from tests.tables_engines import (  # noqa: F401  (the fixtures the tests use)
    Target,
    _postgres_server_url,
    _postgres_url,
    memory_rows,
)
from tests.test_cli import run, summary

pytest.importorskip("pyarrow")


def _fixture_trials() -> list[ctgov_parse.Trial]:
    return [ctgov_parse.parse(p.read_text(encoding="utf-8")) for p in fixture_pages()]


@pytest.mark.parametrize("engine", ["duckdb", "sqlite", "parquet-tables", "postgres"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_command_loads_what_to_tables_gives(
    engine: str, jobs: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if engine in ("duckdb", "parquet-tables"):
        pytest.importorskip("duckdb")
    url = request.getfixturevalue("postgres_url") if engine == "postgres" else None
    target = Target(engine, tmp_path, url)
    where = ["--db", target.where] if engine == "postgres" else ["-o", target.where]
    done = run(str(FIXTURES), "--format", engine, *where, "--jobs", jobs)
    assert done.returncode == 0, done.stderr.decode()
    counts = summary(done.stderr)
    trials = _fixture_trials()
    assert counts["pages read"] == str(len(trials))
    assert counts["pages loaded"] == "33 in 1 transactions"
    assert counts["not loaded, no NCT number"] == "1"
    assert counts["not loaded, a newer copy of the same page in the input"] == "1"
    assert "compact_from_study_results.txt, line 1, byte 0): no NCT number" in done.stderr.decode()
    # The same rows, sources included, as the library gives for the same input.
    expected = to_tables(ctgov_parse.iter_parse(FIXTURES))
    assert expected["pages"].column("source_path").null_count == 0
    assert target.read() == memory_rows(expected)


def test_a_second_run_updates_in_place_and_names_older_copies(
    tmp_path: Path, seed_text: str
) -> None:
    pytest.importorskip("duckdb")
    newer = seed_text.replace("2025-01-23", "2025-06-30")
    assert newer != seed_text
    (tmp_path / "newer.txt").write_text(newer, encoding="utf-8")
    (tmp_path / "older.txt").write_text(seed_text, encoding="utf-8")
    database = str(tmp_path / "trials.duckdb")
    assert run(str(tmp_path / "newer.txt"), "--format", "duckdb", "-o", database).returncode == 0
    done = run(str(tmp_path / "older.txt"), "--format", "duckdb", "-o", database)
    assert done.returncode == 0
    assert summary(done.stderr)["not loaded, older than the stored copy"] == "1"
    assert (
        "NCT06788470 (page 0 (" in done.stderr.decode()
        and "trial page last updated 2025-01-23, older than the stored 2025-06-30; not loaded"
        in done.stderr.decode()
    )
    target = Target("duckdb", tmp_path, None)
    target.where = database
    assert target.query("SELECT last_update_posted_month_year FROM studies") == [("2025-06-30",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "duckdb"], "--format duckdb needs -o FILE"),
        (["--format", "parquet-tables"], "--format parquet-tables needs -o DIR"),
        (["--format", "postgres", "-o", "x"], "--format postgres needs --db postgresql://"),
        (["--format", "sqlite", "-o", "x", "--db", "y"], "--db is for postgres"),
    ],
)
def test_table_usage_errors(args: list[str], message: str) -> None:
    done = run(str(FIXTURES / "plain_english.txt"), *args)
    assert done.returncode == 2
    assert message in done.stderr.decode()
