"""The command's loader process (``tables.loader``): parts of a batch written as they come
in one transaction, committed where the batch ends; a loader ended mid-batch leaves the
batches committed before. A real process and a real SQLite file."""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
import time
from pathlib import Path

import ctgov_parse
from ctgov_parse.tables.loader import LoaderProcess
from ctgov_parse.tables.rows import page_of, page_rows
from tests.conftest import EXAMPLE_SEED

SEED = EXAMPLE_SEED.read_text(encoding="utf-8")


def _part(first: int, count: int) -> list[tuple[str | None, bytes]]:
    part = []
    for number in range(first, first + count):
        trial = ctgov_parse.parse(SEED.replace("NCT06788470", f"NCT{80_000_000 + number:08d}"))
        page = page_of(trial)
        assert page is not None
        part.append((f"{number:032x}", pickle.dumps(page_rows(page))))
    return part


def _studies(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT nct_id FROM studies ORDER BY 1")]


def test_parts_are_committed_where_their_batch_ends(tmp_path: Path) -> None:
    target = tmp_path / "trials.sqlite"
    loader = LoaderProcess("sqlite", str(target), new=True)
    assert loader.stored == frozenset()
    loader.submit(_part(0, 3), commit=False)
    loader.submit(_part(3, 2), commit=True)
    loader.submit(_part(5, 4), commit=False)
    loader.submit(_part(9, 1), commit=True)
    report = loader.finish()
    assert (report.loaded, report.batches, report.new) == (10, 2, 10)
    assert loader.committed == 10
    assert _studies(target) == [f"NCT{80_000_000 + n:08d}" for n in range(10)]
    # Reopened, the target says which pages it holds (by the hashes given with them).
    again = LoaderProcess("sqlite", str(target))
    assert again.stored == {f"{n:032x}" for n in range(10)}
    assert again.finish().loaded == 0


def test_a_loader_ended_mid_batch_keeps_the_committed_batches(tmp_path: Path) -> None:
    target = tmp_path / "trials.sqlite"
    loader = LoaderProcess("sqlite", str(target), new=True)
    loader.submit(_part(0, 2), commit=True)
    loader.submit(_part(2, 3), commit=False)
    while loader.committed < 2:  # the first batch's commit is heard with the next part
        loader.submit([], commit=False)
        time.sleep(0.01)
    loader.abandon()
    assert _studies(target) == [f"NCT{80_000_000 + n:08d}" for n in range(2)]
