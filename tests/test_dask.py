"""Parsing through Dask: the bag's outcomes equal ``iter_parse``'s (values, order, positions)
on every kind of input, on the synchronous scheduler and on a real local cluster of worker
processes; the tables written from a bag equal the in-memory tables, one row per study."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import duckdb
import fsspec
import pandas
import polars
import pyarrow
import pytest
from distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ctgov_parse
from ctgov_parse import Failure, Parsed, iter_parse
from ctgov_parse.dask import read_pages, to_dataframe, to_parquet
from ctgov_parse.dask.bag import byte_count
from ctgov_parse.tables import to_tables
from tests.test_batch import PAGES, dump_of
from tests.test_cli_tables import _WITHOUT

RESULTS = [p for p in PAGES if p.startswith("Trial Outcomes & Findings for")]
TRIALS = [p for p in PAGES if not p.startswith("Trial Outcomes & Findings for")]


@pytest.fixture(autouse=True)
def _synchronous() -> Iterator[None]:
    with dask.config.set(scheduler="sync"):
        yield


def _comparable(result: Parsed | Failure) -> Any:
    """A failure's error is an exception (equal only to itself): compare what it says."""
    return result if isinstance(result, Parsed) else ("failed", result.to_dict(), result.page)


def _same(bag: Any, source: Any, **options: Any) -> list[Any]:
    got = bag.compute()
    expected = list(iter_parse(source, **options))
    assert [_comparable(r) for r in got] == [_comparable(r) for r in expected]
    return got  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "dump.txt"
    path.write_bytes(dump_of(PAGES * 4))
    return path


@pytest.mark.parametrize("blocksize", [997, 20_000, "64MB"])
def test_a_dump_cut_in_blocks_gives_iter_parses_outcomes(dump: Path, blocksize: int | str) -> None:
    bag = read_pages(dump, blocksize=blocksize)
    results = _same(bag, dump)
    assert len(results) == len(PAGES) * 4
    if blocksize == 20_000:
        assert bag.npartitions == -(-dump.stat().st_size // 20_000) > 5
        sizes = bag.map_partitions(lambda part: [len(part)]).compute()
        assert sum(sizes) == len(results) and max(sizes) < len(results)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pages=st.lists(st.sampled_from(PAGES), min_size=0, max_size=8),
    blocksize=st.integers(300, 30_000),
    junk=st.sampled_from(["", "\n\n", "stray line\n", "NCT ID: NCT00000009\n"]),
)
def test_any_block_size_reads_every_page_once(
    tmp_path: Path, pages: list[str], blocksize: int, junk: str
) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(junk.encode() + dump_of(pages))
    _same(read_pages(path, blocksize=blocksize), path)


def test_a_directory_of_every_kind_of_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(PAGES[0])
    (tmp_path / "a" / "dump.txt.gz").write_bytes(gzip.compress(dump_of(PAGES[1:6])))
    lines = [json.dumps({"url": f"u{n}", "text": p}) for n, p in enumerate(PAGES[6:9])]
    (tmp_path / "b.jsonl").write_text("\n".join([*lines, "not json", "{}"]) + "\n")
    (tmp_path / "c-big.txt").write_bytes(dump_of(PAGES[9:]) + b"\xff\xfe broken \x00\n")
    (tmp_path / "notes.md").write_text("not a page")
    (tmp_path / "utf16.txt").write_bytes(
        "\ufeff".encode("utf-16-le") + PAGES[0].encode("utf-16-le")
    )
    skipped: list[str] = []
    results = _same(read_pages(tmp_path, blocksize=5000, on_skip=skipped.append), tmp_path)
    assert skipped == [str(tmp_path / "notes.md")]
    assert {r.source.path for r in results} == {
        str(tmp_path / name)
        for name in ("a/one.txt", "a/dump.txt.gz", "b.jsonl", "c-big.txt", "utf16.txt")
    }
    failed = [r.error.code for r in results if isinstance(r, Failure)]
    assert sorted(failed) == ["bad-json-line", "bad-json-line", "undecodable-input"]


def test_globs_lists_and_missing_files(tmp_path: Path, dump: Path) -> None:
    for n in range(3):
        (tmp_path / f"part{n}.txt").write_text(PAGES[n])
    got = read_pages(str(tmp_path / "part*.txt")).compute()
    assert [r.source.path for r in got] == [str(tmp_path / f"part{n}.txt") for n in range(3)]
    both = read_pages([tmp_path / "part1.txt", dump], blocksize=10_000).compute()
    assert [r.source.index for r in both] == list(range(1 + len(PAGES) * 4))
    assert both[1:] == [
        Parsed(source=r.source.__class__(**{**r.source.to_dict(), "index": r.source.index + 1}), trial=r.trial)
        if isinstance(r, Parsed) else r
        for r in iter_parse(dump)
    ]  # fmt: skip
    (missing,) = read_pages(tmp_path / "nowhere.txt").compute()
    assert isinstance(missing, Failure) and missing.error.code == "unreadable-file"


def test_memory_urls(dump: Path) -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("/dumps/2026-11/dump.txt", dump.read_bytes())
    fs.pipe("/dumps/2026-11/notes.md", b"x")
    fs.pipe("/dumps/2026-12/one.txt.gz", gzip.compress(PAGES[0].encode()))
    skipped: list[str] = []
    got = read_pages("memory://dumps", blocksize=30_000, on_skip=skipped.append).compute()
    assert skipped == ["memory:///dumps/2026-11/notes.md"]
    expected = [*iter_parse(dump), *iter_parse([PAGES[0]])]
    assert [r.trial for r in got] == [r.trial for r in expected]  # type: ignore[union-attr]
    assert [r.source.index for r in got] == list(range(len(expected)))
    assert [(r.source.offset, r.source.line) for r in got[:-1]] == [
        (r.source.offset, r.source.line) for r in expected[:-1]
    ]
    assert got[-1].source.path == "memory:///dumps/2026-12/one.txt.gz"


def test_strict_and_the_page_limit_pass_through(dump: Path) -> None:
    _same(read_pages(dump, blocksize=15_000, strict=True), dump, strict=True)
    _same(read_pages(dump, blocksize=15_000, max_page_bytes=3000), dump, max_page_bytes=3000)


def test_block_sizes() -> None:
    assert [byte_count(s) for s in ("64MB", "1GiB", "1.5KB", 4096, "100")] == [
        64_000_000,
        1 << 30,
        1500,
        4096,
        100,
    ]
    with pytest.raises(ValueError, match="not a size"):
        byte_count("big")


# --- tables ------------------------------------------------------------------------------------


def _one_study_in_two_files(tmp_path: Path) -> tuple[Path, str]:
    """A trial page and the results page of the same study, in different files."""
    tmp_path.mkdir(exist_ok=True)
    results = ctgov_parse.parse(RESULTS[0])
    trial_page = TRIALS[0]
    nct_id = ctgov_parse.parse(trial_page).nct_id
    assert nct_id and results.nct_id
    (tmp_path / "1-trials.txt").write_bytes(
        dump_of([trial_page.replace(nct_id, results.nct_id), *TRIALS[1:]])
    )
    (tmp_path / "2-results.txt").write_bytes(dump_of(RESULTS))
    return tmp_path, results.nct_id


def _duck(sql: str) -> Any:
    """A query's result, read by DuckDB, as an Arrow table."""
    with duckdb.connect() as connection:
        cursor = connection.execute(sql)
        names = [column[0] for column in cursor.description]
        return pyarrow.Table.from_pylist(
            [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        )


def _sorted(table: Any) -> list[dict[str, Any]]:
    rows = table.to_pylist()
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def test_to_parquet_writes_the_tables_of_iter_parse(tmp_path: Path) -> None:
    source, nct_id = _one_study_in_two_files(tmp_path / "in")
    bag = read_pages(source, blocksize=8000)
    assert bag.npartitions > 3
    expected = to_tables(iter_parse(source))
    out = tmp_path / "tables"
    report = to_parquet(bag, out, npartitions=3)
    assert report.rows == {name: table.num_rows for name, table in expected.items()}
    # compact_from_study_results.txt lost its title and NCT ID lines: it cannot be keyed
    assert (report.pages, report.failed, report.unkeyed) == (len(PAGES), 0, 1)
    assert sorted(p.name for p in (out / "studies").iterdir()) == [
        f"part-0000{n}.parquet" for n in range(3)
    ]
    for name, table in expected.items():
        read = _duck(f"SELECT * FROM read_parquet('{out}/{name}/*.parquet')")
        assert _sorted(read) == _sorted(table), name
    studies = polars.read_parquet(out / "studies")
    assert studies["nct_id"].n_unique() == studies.height == expected["studies"].num_rows
    assert pandas.read_parquet(out / "pages").query("nct_id == @nct_id").shape[0] == 2
    (both,) = _duck(
        f"SELECT brief_title, results_first_posted_month_year FROM read_parquet('{out}/studies/*.parquet')"
        f" WHERE nct_id = '{nct_id}'"
    ).to_pylist()
    assert all(value is not None for value in both.values())  # one row, from both pages


def test_to_parquet_replaces_the_directory_whole(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    to_parquet(read_pages([tmp_path / "none.txt"]), out)
    to_parquet(read_pages(tmp_path / "none.txt"), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    assert _duck(
        f"SELECT count(*) AS n FROM read_parquet('{out}/studies/*.parquet')"
    ).to_pylist() == [{"n": 0}]


def test_to_dataframe_is_the_studies_table(tmp_path: Path) -> None:
    source, _ = _one_study_in_two_files(tmp_path)
    frame = to_dataframe(read_pages(source, blocksize=8000), npartitions=2)
    assert frame.npartitions == 2
    got = frame.compute()
    expected = to_tables(iter_parse(source))["studies"]
    assert list(got.columns) == expected.column_names
    assert _sorted(polars.from_pandas(got).to_arrow()) == _sorted(expected)


# --- a real cluster -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_a_local_cluster_of_two_worker_processes(cluster: LocalCluster, dump: Path) -> None:
    with Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        bag = read_pages(dump, blocksize=20_000)
        got = client.compute(bag).result()
        assert [_comparable(r) for r in got] == [_comparable(r) for r in iter_parse(dump)]
        workers = client.run(lambda: __import__("os").getpid())
        assert len(set(workers.values())) == 2


def test_the_command_sends_the_work_to_a_running_cluster(
    cluster: LocalCluster, dump: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "ctgov_parse", str(dump), "-o", str(out), "--quiet",
         "--scheduler", cluster.scheduler_address, "--blocksize", "20000"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    alone = subprocess.run(
        [sys.executable, "-m", "ctgov_parse", str(dump), "--quiet"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.read_text() == alone.stdout
    assert len(alone.stdout.splitlines()) == len(PAGES) * 4


def test_the_command_loads_a_database_through_the_cluster(
    cluster: LocalCluster, dump: Path, tmp_path: Path
) -> None:
    database = tmp_path / "trials.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "ctgov_parse", str(dump), "--format", "duckdb", "-o", str(database),
         "--quiet", "--scheduler", cluster.scheduler_address, "--blocksize", "20000"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = to_tables(iter_parse(dump))
    with duckdb.connect(str(database)) as connection:
        for name in ("studies", "pages", "outcome_measurements"):
            (count,) = connection.execute(f"SELECT count(*) FROM {name}").fetchone()  # type: ignore[misc]
            assert count == expected[name].num_rows, name


def test_without_dask_one_line_says_what_to_install(dump: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT.format(hidden={"dask", "distributed"}), str(dump),
         "--scheduler", "tcp://127.0.0.1:1"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (
        done.stderr.strip()
        == "ctgov-parse: --scheduler needs Dask: pip install 'ctgov_parse[dask]'"
    )
    assert done.returncode == 1
    hide_dask = _WITHOUT.split("from ctgov_parse.cli")[0].format(hidden={"dask"})
    library = subprocess.run(
        [sys.executable, "-c", hide_dask + "from ctgov_parse.dask import read_pages\nread_pages('x')"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert library.stderr.strip().splitlines()[-1] == (
        "ImportError: dask is needed for this: pip install 'ctgov_parse[dask]'"
    )
