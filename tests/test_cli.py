"""The ctgov-parse command, run for real in a subprocess."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import ctgov_parse
from tests.conftest import FIXTURES, fixture_pages
from tests.test_batch import PAGES, dump_of

REPEATS = 40


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ctgov_parse", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def summary(stderr: bytes) -> dict[str, str]:
    lines = [line.split(": ", 1) for line in stderr.decode().splitlines() if ": " in line]
    return {key: value for key, value in lines if not key.startswith("ctgov-parse")}


def expected_counts(pages: list[str]) -> tuple[int, int]:
    trials = [ctgov_parse.parse(p) for p in pages]
    warned = sum(any(d.level is not ctgov_parse.Level.INFO for d in t.diagnostics) for t in trials)
    return len(trials) - warned, warned


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "dump.txt"
    path.write_bytes(dump_of(PAGES * REPEATS))
    return path


def test_dump_to_jsonl_with_exact_counts(big_dump: Path) -> None:
    done = run(str(big_dump))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(records) == len(PAGES) * REPEATS
    clean, warned = expected_counts(PAGES)
    counts = summary(done.stderr)
    assert (counts["pages read"], counts["parsed clean"], counts["parsed with warnings"]) == (
        str(len(PAGES) * REPEATS),
        str(clean * REPEATS),
        str(warned * REPEATS),
    )
    assert counts["failed"] == "0"
    cut = sum("truncated" in [d.code for d in ctgov_parse.parse(p).diagnostics] for p in PAGES)
    assert (
        cut == 4
    )  # truncated, compact_cut_mid_section, results_cut_in_table, results_cut_in_outcome
    assert f"truncated {cut * REPEATS}" in counts["diagnostics"]
    assert [r["source"]["index"] for r in records] == list(range(len(records)))
    first = {k: v for k, v in records[0].items() if k != "source"}
    assert first == ctgov_parse.parse(PAGES[0]).to_dict()


def test_two_jobs_write_the_same_bytes(big_dump: Path) -> None:
    one, two = run(str(big_dump), "--quiet"), run(str(big_dump), "--quiet", "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert len(one.stdout) > 0


def test_directory_jsonl_and_gzip_inputs(tmp_path: Path) -> None:
    (tmp_path / "pages.jsonl.gz").write_bytes(
        gzip.compress(
            "".join(json.dumps({"text": p, "id": i}) + "\n" for i, p in enumerate(PAGES)).encode()
        )
    )
    (tmp_path / "sub").mkdir()
    for page in fixture_pages():
        (tmp_path / "sub" / page.name).write_bytes(page.read_bytes())
    done = run(str(tmp_path), "--quiet")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(records) == 2 * len(PAGES)
    assert [r["source"]["key"] for r in records[: len(PAGES)]] == [
        str(i) for i in range(len(PAGES))
    ]


def test_corrupt_page_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    corrupt = b"Broken page\n\nNCT ID: NCT0000\x00\x010001\n\nStudy Results\n"
    path = tmp_path / "dump.txt"
    path.write_bytes(dump_of(PAGES[:3]) + corrupt + dump_of(PAGES[3:6]))
    errors = tmp_path / "errors.jsonl"
    done = run(str(path), "--errors", str(errors))
    assert done.returncode == 1
    assert summary(done.stderr)["failed"] == "1"
    (failure,) = [json.loads(line) for line in errors.read_text().splitlines()]
    assert failure["code"] == "undecodable-input"
    assert failure["source"]["index"] == 3
    assert failure["source"]["offset"] == len(dump_of(PAGES[:3]))
    assert failure["line"] == 3
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    got = [{k: v for k, v in r.items() if k != "source"} for r in records]
    assert got == [ctgov_parse.parse(p).to_dict() for p in PAGES[:6]]


def test_failures_go_to_stderr_and_fail_fast_stops(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(dump_of(PAGES[:2]) + b"Bad\n\nNCT ID: \x00\n" + dump_of(PAGES[2:]))
    done = run(str(path), "--quiet")
    assert done.returncode == 1
    assert b"page 2 (" in done.stderr and b"undecodable-input" in done.stderr
    fast = run(str(path), "--fail-fast", "--quiet")
    assert fast.returncode == 1
    assert len(fast.stdout.decode().splitlines()) == 2


def test_strict_fails_pages_with_warnings() -> None:
    done = run(str(FIXTURES / "truncated.txt"), "--strict")
    assert done.returncode == 1
    assert b"truncated" in done.stderr


def test_csv_has_one_row_per_trial(big_dump: Path) -> None:
    done = run(str(big_dump), "--format", "csv", "--quiet")
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert len(rows) == len(PAGES) * REPEATS
    seed = next(r for r in rows if r["nct_id"] == "NCT06788470")
    assert (seed["status"], seed["phases"], seed["enrollment"], seed["minimum_age"]) == (
        "RECRUITING",
        "PHASE1|PHASE2",
        "10",
        "36 Weeks",
    )
    assert (seed["arm_count"], seed["site_count"], seed["lead_sponsor_class"]) == (
        "1",
        "1",
        "OTHER",
    )


def test_json_array_and_stdin() -> None:
    done = run("-", "--format", "json", "--quiet", stdin=dump_of(PAGES[:3]))
    assert [r["nct_id"] for r in json.loads(done.stdout)] == [
        ctgov_parse.parse(p).nct_id for p in PAGES[:3]
    ]


def test_ctgov_format(big_dump: Path) -> None:
    done = run(str(FIXTURES / "seed_NCT06788470.txt"), "--format", "ctgov", "--quiet")
    (study,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert study == ctgov_parse.to_ctgov(ctgov_parse.parse_file(FIXTURES / "seed_NCT06788470.txt"))


def test_parquet_keeps_nested_fields(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    done = run(str(FIXTURES), "--format", "parquet", "-o", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == len(PAGES)
    seed = next(r for r in rows if r["nct_id"] == "NCT06788470")
    assert seed["arms"][0]["interventions"][0]["name"] == "MSC"
    assert seed["eligibility"]["minimum_age"] == {"value": 36, "unit": "WEEKS"}


@pytest.mark.parametrize(
    "args",
    [["--format", "xml", "x"], ["--jobs", "-1", "x"], [], ["no-such-file.txt"]],
    ids=["bad-format", "bad-jobs", "no-input", "missing-file"],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert run(*args).returncode == 2


def test_render_command_turns_api_json_into_a_page(tmp_path: Path) -> None:
    study = ctgov_parse.to_ctgov(ctgov_parse.parse_file(FIXTURES / "seed_NCT06788470.txt"))
    path = tmp_path / "study.json"
    path.write_text(json.dumps(study), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ctgov_parse", "render", str(path)], capture_output=True, check=True
    )
    page = done.stdout.decode()
    assert ctgov_parse.to_ctgov(ctgov_parse.parse(page)) == study
    assert page.startswith("Safety and Efficacy of Umbilical Cord-derived")


def test_readme_main_job_command_output() -> None:
    done = run("examples/NCT06788470.txt")
    assert done.returncode == 0
    assert json.loads(done.stdout)["nct_id"] == "NCT06788470"


def test_render_command_writes_a_results_page(tmp_path: Path) -> None:
    results_page = ctgov_parse.parse_file(FIXTURES / "results_compact_pipe_cells.txt")
    path = tmp_path / "study.json"
    path.write_text(json.dumps(ctgov_parse.to_ctgov(results_page)), encoding="utf-8")
    command = [sys.executable, "-m", "ctgov_parse", "render", str(path), "--page", "results"]
    done = subprocess.run(
        [*command, "--shape", "compact", "--table", "pipe-cells"], capture_output=True, check=True
    )
    text = (FIXTURES / "results_compact_pipe_cells.txt").read_text(encoding="utf-8")
    assert done.stdout.decode() == text
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(ctgov_parse.to_ctgov(ctgov_parse.parse_file(FIXTURES / "seed_NCT06788470.txt"))),
        encoding="utf-8",
    )
    refused = run("render", str(seed), "--page", "results")
    assert refused.returncode == 2
    assert b"has no resultsSection" in refused.stderr
