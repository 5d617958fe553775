"""Database loads and signals, run for real: a load ends on SIGINT or SIGTERM at any moment
with its one line and exit status, never an error blamed on a page; and whatever ends the
command, ``kill -9`` included, none of its processes (workers, the loader) outlives it, so
the next load of the same target works at once."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli import run

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

# Long enough that no run below finishes before its signal (about 7 s of work on 2 cores).
PAGES = 10_000


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> Path:
    path = tmp_path_factory.mktemp("signals") / "dump.txt"
    pages = [seed_text.replace("NCT06788470", f"NCT{70_000_000 + n:08d}") for n in range(PAGES)]
    path.write_text("\n".join(pages), encoding="utf-8")
    return path


def _start(dump: Path, target: Path, *options: str) -> subprocess.Popen[bytes]:
    """The command in a session of its own, so that every process it starts can be found."""
    return subprocess.Popen(
        [sys.executable, "-m", "ctgov_parse", str(dump), "--format", "duckdb", "-o", str(target),
         "--quiet", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def _alive_in_group(group: int) -> list[int]:
    """The processes of a process group that still run. A killed process stays a zombie until
    its new parent reaps it: dead, holding nothing, so not counted."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _group_gone(group: int, seconds: float) -> bool:
    """Whether no process of the process group still runs within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive_in_group(group):
            return True
        time.sleep(0.05)
    return False


def _tables(path: Path) -> dict[str, int]:
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as connection:
        names = [row[0] for row in connection.execute("SHOW TABLES").fetchall()]
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names
        }


@pytest.mark.parametrize("jobs", ["2"])  # a worker and the loader beside the command
def test_nothing_outlives_a_killed_load_and_the_next_load_works(
    tmp_path: Path, dump: Path, jobs: str
) -> None:
    target = tmp_path / "trials.duckdb"
    process = _start(dump, target, "--jobs", jobs)
    time.sleep(2.0)  # mid-way: workers and the loader at work
    assert process.poll() is None
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert _group_gone(process.pid, 2.0), "a helper process outlived the command"
    again = run(str(dump), "--format", "duckdb", "-o", str(target), "--quiet", "--jobs", jobs)
    assert again.returncode == 0, again.stderr
    clean = tmp_path / "clean.duckdb"
    assert run(str(dump), "--format", "duckdb", "-o", str(clean), "--quiet").returncode == 0
    assert _tables(target) == _tables(clean)
    assert _tables(target)["studies"] == PAGES


@pytest.mark.parametrize(
    ("how", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
@pytest.mark.parametrize("moment", [0.6, 1.5, 3.0, 4.5])  # after start-up
def test_a_signal_at_any_moment_ends_the_load_with_its_line(
    tmp_path: Path, dump: Path, how: signal.Signals, code: int, said: str, moment: float
) -> None:
    target = tmp_path / "trials.duckdb"
    process = _start(dump, target, "--jobs", "2")
    time.sleep(moment)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    text = stderr.decode()
    assert process.returncode == code, text
    assert text.strip().splitlines()[-1] == (
        f"ctgov-parse: {said}; {target}: its committed batches kept, the open batch rolled back"
    )
    assert "internal-error" not in text and "Traceback" not in text
    assert _group_gone(process.pid, 2.0), "a helper process outlived the command"
