"""The example scripts run and say what the fixture pages say."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import FIXTURES, ROOT


def test_summarize_fixtures() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "summarize.py"), str(FIXTURES)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "pages: 37 (failed: 0)"
    assert "  COMPLETED                  20" in lines
    assert "  RECRUITING                 7" in lines
    assert "  WITHDRAWN                  2" in lines
    assert "  PHASE2                     9" in lines
    # 34 enrollments (results pages' target enrollments among them): 17th and 18th are 120
    assert lines[-1] == "median enrollment: 120.0"


def test_the_docs_show_the_query_script_output() -> None:
    import pytest

    pytest.importorskip("duckdb")
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "query_tables.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    page = (ROOT / "docs" / "databases.md").read_text(encoding="utf-8")
    assert done.stdout.strip() in page
    assert "-- sites per country" in done.stdout
    # Read off the pages: Norway's three sites (Oslo twice, Bergen) in two trials.
    assert "Norway        3      2" in done.stdout


def test_the_dask_example_parses_on_a_local_cluster() -> None:
    import pytest

    pytest.importorskip("distributed")
    from ctgov_parse import iter_parse
    from ctgov_parse.tables import to_tables

    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "dask_cluster.py"), "--workers", "2"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    expected = to_tables(iter_parse(FIXTURES))
    sites = {row["nct_id"] for row in expected["facilities"].to_pylist()}
    assert lines[0] == "workers: 2"
    assert lines[2].startswith("pages: 740 in ") and lines[2].endswith(" 0 failed")
    assert (
        lines[3]
        == f"studies: {expected['studies'].num_rows} (one row each, the newest copy of each page)"
    )
    assert lines[4] == f"studies with sites (DuckDB over tables/facilities/): {len(sites)}"
