"""The command on wreckage, run for real: pages over the limit (a gzip bomb among them),
binary files, skipped files, failed pages kept for a look, and outputs that an interrupted
or killed run never leaves half-written."""

from __future__ import annotations

import gzip
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_batch import PAGES, dump_of
from tests.test_cli import run, summary


def test_a_page_over_the_limit_fails_alone(tmp_path: Path) -> None:
    big = "A page that looped\n\nNCT ID: NCT09999999\n\n" + "loop\n" * 10_000
    path = tmp_path / "dump.txt"
    path.write_bytes(dump_of(PAGES[:2]) + dump_of([big]) + dump_of(PAGES[2:4]))
    errors = tmp_path / "errors.jsonl"
    done = run(str(path), "--max-page-bytes", "20K", "--errors", str(errors))
    assert done.returncode == 1
    assert summary(done.stderr)["failed"] == "1"
    (failure,) = [json.loads(line) for line in errors.read_text().splitlines()]
    assert failure["code"] == "page-too-large"
    assert failure["source"]["index"] == 2
    assert failure["source"]["offset"] == len(dump_of(PAGES[:2]))
    assert f"{len(dump_of([big])):,} bytes" in failure["message"]
    assert len(done.stdout.decode().splitlines()) == 4


def test_a_gzip_bomb_fails_in_seconds_with_flat_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(dump_of(PAGES[:1]))
        block = b"x" * (1 << 20)
        for _ in range(400):  # 400 MB of one line, under 1 MB on disk
            out.write(block)
        out.write(b"\n" + dump_of(PAGES[1:2]))
    assert bomb.stat().st_size < 1 << 20
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = run(str(bomb), "--quiet")
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert done.returncode == 1
    assert b"page-too-large" in done.stderr
    assert len(done.stdout.decode().splitlines()) == 1  # the page after the bomb parsed
    assert seconds < 60
    if before / 1024 < 150:  # ru_maxrss is the largest child so far: earlier runs were small
        assert peak_mb < 150, f"peak RSS {peak_mb:.0f} MB"


def test_a_binary_file_given_by_name_fails_with_its_path(tmp_path: Path) -> None:
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(bytes(range(256)) * 64)
    done = run(str(binary))
    assert done.returncode == 1
    assert b"not-text" in done.stderr and str(binary).encode() in done.stderr


def test_skipped_files_are_counted_and_named_under_verbose(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(PAGES[0], encoding="utf-8")
    (tmp_path / "pages" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "pages" / "notes.md").write_text("# notes\n", encoding="utf-8")
    done = run(str(tmp_path / "pages"))
    assert done.returncode == 0
    assert summary(done.stderr)["files skipped"] == "2 (--verbose names them)"
    verbose = run(str(tmp_path / "pages"), "--verbose")
    assert summary(verbose.stderr)["files skipped"] == "2"
    named = [line for line in verbose.stderr.decode().splitlines() if "skipped (" in line]
    assert [line.rsplit(" ", 1)[1] for line in named] == [
        str(tmp_path / "pages" / "logo.png"),
        str(tmp_path / "pages" / "notes.md"),
    ]


def test_failed_pages_are_kept_byte_for_byte(tmp_path: Path) -> None:
    binary_page = b"Bad\n\nNCT ID: \x00\x01\n"
    big = "A page that looped\n\nNCT ID: NCT09999999\n\n" + "loop\n" * 10_000
    path = tmp_path / "dump.txt"
    path.write_bytes(dump_of(PAGES[:1]) + binary_page + dump_of(PAGES[:1]) + dump_of([big]))
    kept = tmp_path / "failed"
    done = run(str(path), "--failed-dir", str(kept), "--max-page-bytes", "20000", "--quiet")
    assert done.returncode == 1
    assert sorted(p.name for p in kept.iterdir()) == ["page-00000001.txt", "page-00000003.txt"]
    assert (kept / "page-00000001.txt").read_bytes() == binary_page
    assert (kept / "page-00000003.txt").read_bytes() == dump_of([big])[:20000]  # its head


# --- outputs that are never half-written -------------------------------------------------------


def _start(tmp_path: Path, *args: str, repeats: int = 20) -> subprocess.Popen[bytes]:
    """A run reading standard input, given some pages and not the end of its input: it is
    mid-run until the input closes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ctgov_parse", "-", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(dump_of(PAGES * repeats))
    process.stdin.flush()
    return process


def _wait_for_partial(directory: Path, process: subprocess.Popen[bytes]) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        partial = [p for p in directory.iterdir() if p.name.endswith(".partial")]
        if partial and partial[0].stat().st_size > 0:
            return partial[0]
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.05)
    raise AssertionError("no partial output appeared")


@pytest.mark.parametrize(
    ("how", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["ctrl-c", "sigterm", "sigkill"],
)
@pytest.mark.parametrize("form", ["jsonl", "json", "csv"])
def test_an_interrupted_run_leaves_the_previous_output(
    tmp_path: Path, how: signal.Signals, code: int, form: str
) -> None:
    target = tmp_path / f"out.{form}"
    target.write_text("the previous run's output\n", encoding="utf-8")
    process = _start(tmp_path, "-o", str(target), "--format", form, "--quiet")
    partial = _wait_for_partial(tmp_path, process)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code
    assert target.read_text(encoding="utf-8") == "the previous run's output\n"
    if how is signal.SIGKILL:  # nothing runs after SIGKILL: the partial file stays, by its name
        assert partial.exists() and partial.name.startswith(f".out.{form}.")
        return
    assert not partial.exists()
    (line,) = stderr.decode().splitlines()
    assert (
        line
        == f"ctgov-parse: {'interrupted' if how is signal.SIGINT else 'terminated'}; {target} left as they were"
    )


def test_an_interrupted_parquet_run_leaves_the_previous_file(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    target = tmp_path / "out.parquet"
    target.write_bytes(b"the previous file")
    # Parquet is written 5,000 rows at a time: enough pages that the first batch is out
    # while the pages still being read (the last chunk of the input) are held back.
    repeats = 8_000 // len(PAGES) + 1
    process = _start(tmp_path, "-o", str(target), "--format", "parquet", "--quiet", repeats=repeats)
    partial = _wait_for_partial(tmp_path, process)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode == 130
    assert target.read_bytes() == b"the previous file"
    assert not partial.exists()


def test_a_whole_run_replaces_the_output_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    process = _start(tmp_path, "-o", str(target), "--quiet")
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=120)
    assert process.returncode == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == len(PAGES) * 20
    assert os.listdir(tmp_path) == ["out.jsonl"]


def test_an_output_that_is_not_a_regular_file_is_written_as_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = run(str(Path("examples/NCT06788470.txt")), "-o", str(fifo), "--quiet")
    out, _ = reader.communicate(timeout=60)
    assert done.returncode == 0
    assert json.loads(out)["nct_id"] == "NCT06788470"
    assert fifo.exists() and not fifo.is_file()  # still the pipe, never replaced
    assert sorted(os.listdir(tmp_path)) == ["out.pipe"]
    devnull = run(str(Path("examples/NCT06788470.txt")), "-o", os.devnull, "--quiet")
    assert devnull.returncode == 0
    assert Path(os.devnull).is_char_device()
