"""``ctgov-parse --format duckdb|sqlite|parquet-tables|postgres``, run for real."""

from __future__ import annotations

import contextlib
import re
import signal
import sqlite3
import subprocess
import sys
import time
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
    assert counts["pages loaded"] == "35 in 1 transactions (35 new, 0 changed)"
    rate = re.fullmatch(r"(\d+) pages/s over ([\d.]+) s, ([\d.]+) s of it waiting on the database",
                        counts["load"])  # fmt: skip
    assert rate is not None and float(rate[3]) <= float(rate[2]) and int(rate[1]) > 0
    assert counts["not parsed, already loaded unchanged"] == "0"
    assert counts["not loaded, no NCT number"] == "1"
    assert counts["not loaded, a newer copy of the same page in the input"] == "1"
    assert "compact_from_study_results.txt, line 1, byte 0): no NCT number" in done.stderr.decode()
    # The same rows, sources included, as the library gives for the same input; the command
    # also stores each page's hash (the library has no page bytes to hash).
    expected = to_tables(ctgov_parse.iter_parse(FIXTURES))
    assert expected["pages"].column("source_path").null_count == 0
    loaded = target.read()
    hashes = [row[-1] for row in loaded["pages"]]
    assert len(hashes) == 35 and all(len(digest) == 32 for digest in hashes)
    loaded["pages"] = sorted(((*row[:-1], None) for row in loaded["pages"]), key=repr)
    # so does each version (the hash of the page it was first read from)
    # (where two copies of a page say the same, one version keeps the first copy's hash,
    # while pages keeps the later copy's)
    versions = [row[-1] for row in loaded["study_versions"]]
    assert len(versions) >= 34 and all(len(digest) == 32 for digest in versions)
    assert len(set(versions) - set(hashes)) <= 1
    loaded["study_versions"] = sorted(
        ((*row[:-1], None) for row in loaded["study_versions"]), key=repr
    )
    assert loaded == memory_rows(expected)


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
    assert summary(done.stderr)["older than the stored copy, added to the history only"] == "1"
    assert (
        "NCT06788470 (page 0 (" in done.stderr.decode()
        and "trial page last updated 2025-01-23, older than the stored 2025-06-30; added to the history only"
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


@pytest.mark.parametrize(("how", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_load_keeps_whole_batches_only(
    tmp_path: Path, seed_text: str, how: signal.Signals, code: int
) -> None:
    from ctgov_parse.tables.load import BATCH_PAGES

    database = tmp_path / "trials.sqlite"
    process = subprocess.Popen(
        [sys.executable, "-m", "ctgov_parse", "-", "--format", "sqlite", "-o", str(database),
         "--quiet"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None
    pages = [seed_text.replace("NCT06788470", f"NCT{80_000_000 + n:08d}") for n in range(2600)]
    process.stdin.write("\n".join(pages).encode("utf-8"))
    process.stdin.flush()  # and left open: the run is mid-way until its input ends
    deadline = time.monotonic() + 120
    committed = 0
    while committed == 0:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.2)
        with (
            contextlib.suppress(sqlite3.OperationalError),  # not made yet, or locked
            contextlib.closing(sqlite3.connect(database, timeout=1)) as connection,
        ):
            (committed,) = connection.execute("SELECT count(*) FROM studies").fetchone()
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert (
        stderr.decode().strip().endswith("its committed batches kept, the open batch rolled back")
    )
    one = to_tables([ctgov_parse.parse(seed_text)])
    with contextlib.closing(sqlite3.connect(database)) as connection:
        (studies,) = connection.execute("SELECT count(*) FROM studies").fetchone()
        assert studies == BATCH_PAGES  # the first batch; the second was open and rolled back
        for name, table in one.items():
            (count,) = connection.execute(f"SELECT count(*) FROM {name}").fetchone()
            assert count == table.num_rows * studies, name


_WITHOUT = """
import sys
class Hide:  # as on a machine without the extra: the import fails
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ImportError(name)
sys.meta_path.insert(0, Hide())
from ctgov_parse.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("form", "where", "hidden", "message"),
    [
        ("duckdb", ["-o", "x.duckdb"], {"duckdb"},
         "--format duckdb needs duckdb: pip install 'ctgov_parse[duckdb]'"),
        ("parquet-tables", ["-o", "tables"], {"pyarrow"},
         "--format parquet-tables needs pyarrow: pip install 'ctgov_parse[duckdb]'"),
        ("postgres", ["--db", "postgresql://x"], {"psycopg"},
         "--format postgres needs psycopg: pip install 'ctgov_parse[postgres]'"),
    ],
)  # fmt: skip
def test_a_missing_extra_is_named_in_one_line(
    tmp_path: Path, form: str, where: list[str], hidden: set[str], message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT.format(hidden=hidden), str(FIXTURES / "plain_english.txt"),
         "--format", form, *where],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"ctgov-parse: error: {message}"


def test_sqlite_needs_no_extra(tmp_path: Path) -> None:
    database = tmp_path / "trials.sqlite"
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT.format(hidden={"pyarrow", "duckdb", "psycopg"}),
         str(FIXTURES / "plain_english.txt"), "--format", "sqlite", "-o", str(database),
         "--quiet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with contextlib.closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM studies").fetchone() == (1,)


def test_another_sites_page_is_counted_apart_and_never_loaded(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "seed.txt").write_bytes((FIXTURES / "seed_NCT06788470.txt").read_bytes())
    other = Path(__file__).parent / "other_sites" / "classic_colon_labels.txt"
    (pages / "other.txt").write_bytes(other.read_bytes())
    target = tmp_path / "out.duckdb"
    done = run(str(pages), "--format", "duckdb", "-o", str(target))
    assert done.returncode == 0, done.stderr.decode()
    counts = summary(done.stderr)
    assert counts["not this site's pages (unsupported-page, among the parsed)"] == "1"
    assert counts["not loaded, not this site's page"] == "1"
    assert counts["pages loaded"] == "1 in 1 transactions (1 new, 0 changed)"
    assert "other.txt, line 1, byte 0): not this site's page, not loaded" in done.stderr.decode()
