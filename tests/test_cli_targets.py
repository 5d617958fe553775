"""What a user can get wrong about a load's target, each answered in one line with its
exit status (``docs/batch.md``), never a traceback; the target left as it was. Real
engines, a real file size limit, a real PostgreSQL server."""

from __future__ import annotations

import contextlib
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from ctgov_parse.tables.problems import (
    EXIT_CANNOT_CREATE,
    EXIT_DISK,
    EXIT_LOCKED,
    EXIT_NO_PERMISSION,
    EXIT_NOT_A_DATABASE,
    EXIT_UNREACHABLE,
)
from tests.conftest import FIXTURES
from tests.tables_engines import _postgres_server_url, _postgres_url  # noqa: F401
from tests.test_cli import run

pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

NOTE = "shopping list\n"


def _one_line(done: subprocess.CompletedProcess[bytes]) -> str:
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1, done.stderr.decode()
    return lines[0]


def _load(
    form: str, target: Path | str, *extra: str, **options: object
) -> subprocess.CompletedProcess[bytes]:
    where = ["--db", str(target)] if form == "postgres" else ["-o", str(target)]
    return run(str(FIXTURES), "--format", form, *where, "--quiet", *extra, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(("form", "engine"), [("duckdb", "DuckDB"), ("sqlite", "SQLite")])
def test_a_file_that_is_not_a_database_is_left_untouched(
    tmp_path: Path, form: str, engine: str
) -> None:
    notes = tmp_path / f"notes.{form}"
    notes.write_text(NOTE)
    done = _load(form, notes)
    assert done.returncode == EXIT_NOT_A_DATABASE
    assert _one_line(done) == (
        f"ctgov-parse: {notes} exists but is not a {engine} database; it was left as it was"
    )
    assert notes.read_text() == NOTE


@pytest.mark.parametrize("form", ["duckdb", "sqlite"])
def test_a_missing_directory(tmp_path: Path, form: str) -> None:
    target = tmp_path / "no" / "such" / f"trials.{form}"
    done = _load(form, target)
    assert done.returncode == EXIT_CANNOT_CREATE
    assert _one_line(done) == f"ctgov-parse: {target}: the directory {target.parent} does not exist"
    assert not target.parent.exists()


@pytest.mark.parametrize("form", ["duckdb", "sqlite"])
def test_no_permission(tmp_path: Path, form: str) -> None:
    # sysfs refuses new files even to root (CI runs as root); elsewhere, a read-only folder.
    if os.geteuid() == 0:
        target = Path("/sys") / f"ctgov-parse-test.{form}"
    else:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o500)
        target = folder / f"trials.{form}"
    done = _load(form, target)
    assert done.returncode == EXIT_NO_PERMISSION
    assert _one_line(done) == f"ctgov-parse: {target}: permission denied"


def test_a_duckdb_file_locked_by_another_process_names_it(tmp_path: Path) -> None:
    target = tmp_path / "trials.duckdb"
    holder = duckdb.connect(str(target))  # this process holds the lock
    try:
        done = _load("duckdb", target)
    finally:
        holder.close()
    assert done.returncode == EXIT_LOCKED
    line = _one_line(done)
    assert line.startswith(f"ctgov-parse: {target} is locked by another process (")
    assert f"PID {os.getpid()}): wait for it to end, or end it" in line
    assert _load("duckdb", target).returncode == 0  # free again: the load goes through


def test_a_sqlite_file_locked_by_another_process(tmp_path: Path) -> None:
    target = tmp_path / "trials.sqlite"
    sqlite3.connect(target).close()
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as holder:
        holder.execute("BEGIN EXCLUSIVE")
        done = _load("sqlite", target)
        holder.execute("ROLLBACK")
    assert done.returncode == EXIT_LOCKED
    assert _one_line(done) == (
        f"ctgov-parse: {target} is locked by another process: wait for it to end, or end it"
    )


@pytest.mark.parametrize(
    ("form", "name"), [("duckdb", "trials.duckdb"), ("sqlite", "trials.sqlite")]
)
def test_a_full_disk_rolls_the_open_batch_back(
    tmp_path: Path, form: str, name: str, seed_text: str
) -> None:
    # A file size limit stands in for a full disk: writes past it fail with EFBIG.
    target = tmp_path / name
    dump = tmp_path / "dump.txt"
    pages = [seed_text.replace("NCT06788470", f"NCT{60_000_000 + n:08d}") for n in range(300)]
    dump.write_text("\n".join(pages), encoding="utf-8")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = subprocess.run(
        [sys.executable, "-m", "ctgov_parse", str(dump), "--format", form, "-o", str(target),
         "--quiet"],
        capture_output=True, timeout=120, check=False, preexec_fn=limited,
    )  # fmt: skip
    assert done.returncode == EXIT_DISK, done.stderr.decode()
    assert _one_line(done) == (
        f"ctgov-parse: {target}: the disk is full (or a file size limit was reached); the open"
        " batch was rolled back"
    )


def test_an_unreachable_postgres_server() -> None:
    url = "postgresql://someone:secret@127.0.0.1:1/trials"  # nothing listens on port 1
    done = _load("postgres", url)
    assert done.returncode == EXIT_UNREACHABLE
    line = _one_line(done)
    assert line.startswith(
        "ctgov-parse: PostgreSQL at postgresql://someone:***@127.0.0.1:1/trials cannot be reached:"
    )
    assert "secret" not in line and "Connection refused" in line


def test_a_postgres_server_refusing_the_login(postgres_url: str) -> None:
    parts = urlsplit(postgres_url)
    stranger = urlunsplit(parts._replace(netloc=f"no_such_role@{parts.hostname}:{parts.port}"))
    done = _load("postgres", stranger)
    assert done.returncode == EXIT_NO_PERMISSION
    line = _one_line(done)
    assert line.startswith(f"ctgov-parse: PostgreSQL at {stranger} refused the login: ")
    assert "no_such_role" in line


# --- loading again: pages already stored are not parsed again --------------------------------


def _dump(path: Path, seed_text: str, ids: range, *, changed: int | None = None) -> Path:
    pages = []
    for n in ids:
        page = seed_text.replace("NCT06788470", f"NCT{50_000_000 + n:08d}")
        if n == changed:
            page = page.replace("RECRUITING", "ACTIVE_NOT_RECRUITING", 1)
        pages.append(page)
    path.write_text("\n".join(pages), encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["sqlite", "duckdb", "parquet-tables"])
def test_a_second_load_parses_only_what_is_new_or_changed(
    tmp_path: Path, seed_text: str, form: str
) -> None:
    target = tmp_path / ("tables" if form == "parquet-tables" else f"trials.{form}")
    first = _dump(tmp_path / "first.txt", seed_text, range(6))
    done = run(str(first), "--format", form, "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "pages loaded: 6 in 1 transactions (6 new, 0 changed)" in done.stderr.decode()
    again = run(str(first), "--format", form, "-o", str(target))
    said = again.stderr.decode()
    assert "not parsed, already loaded unchanged: 6" in said
    assert "pages loaded: 0 in 0 transactions (0 new, 0 changed)" in said
    # the next scrape: one study changed, two new ones
    second = _dump(tmp_path / "second.txt", seed_text, range(8), changed=2)
    later = run(str(second), "--format", form, "-o", str(target))
    said = later.stderr.decode()
    assert "pages loaded: 3 in 1 transactions (2 new, 1 changed)" in said
    assert "not parsed, already loaded unchanged: 5" in said
    clean = tmp_path / ("clean" if form == "parquet-tables" else f"clean.{form}")
    assert run(str(second), "--format", form, "-o", str(clean)).returncode == 0
    loaded, fresh = _contents(form, target), _contents(form, clean)
    # The history keeps both versions of the changed study, the clean load the one it saw.
    history = {"study_versions", "study_changes", "status_history"}
    assert {k: v for k, v in loaded.items() if k not in history} == {
        k: v for k, v in fresh.items() if k not in history
    }
    assert len(loaded["study_versions"]) == len(fresh["study_versions"]) + 1 == 9
    assert ["overallStatus" in row for row in loaded["study_changes"]] == [True]
    assert len(fresh["study_changes"]) == 0


def _contents(form: str, target: Path) -> dict[str, list[str]]:
    """Every table's rows, without the pages' sources (the loads compared read other files)."""
    tables: dict[str, list[dict[str, object]]] = {}
    if form == "parquet-tables":
        import pyarrow.parquet as pq

        tables = {path.stem: pq.read_table(path).to_pylist() for path in target.glob("*.parquet")}
    else:
        connect = sqlite3.connect if form == "sqlite" else duckdb.connect
        listing = (
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            if form == "sqlite"
            else "SELECT table_name FROM information_schema.tables"
        )
        with contextlib.closing(connect(str(target))) as connection:  # type: ignore[operator]
            for (name,) in connection.execute(listing).fetchall():
                cursor = connection.execute(f"SELECT * FROM {name}")
                columns = [column[0] for column in cursor.description]
                tables[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {
        name: sorted(
            repr(sorted((k, v) for k, v in row.items() if not k.startswith("source_")))
            for row in rows
        )
        for name, rows in tables.items()
    }


def test_a_database_of_an_earlier_version_gains_the_new_column(
    tmp_path: Path, seed_text: str
) -> None:
    target = tmp_path / "trials.sqlite"
    first = _dump(tmp_path / "first.txt", seed_text, range(2))
    assert run(str(first), "--format", "sqlite", "-o", str(target)).returncode == 0
    with contextlib.closing(sqlite3.connect(target)) as connection:
        connection.execute("ALTER TABLE pages DROP COLUMN raw_hash")  # as it was made before
        for table in ("study_versions", "study_changes", "status_history"):  # no history then
            connection.execute(f"DROP TABLE {table}")
    again = run(str(first), "--format", "sqlite", "-o", str(target))
    assert again.returncode == 0, again.stderr
    assert "pages loaded: 2 in 1 transactions (0 new, 2 changed)" in again.stderr.decode()
    with contextlib.closing(sqlite3.connect(target)) as connection:
        hashes = connection.execute("SELECT raw_hash FROM pages").fetchall()
    assert len(hashes) == 2 and all(len(digest) == 32 for (digest,) in hashes)
