"""The quality report on big dumps: wall time, pages/s, peak memory and the HTML's size.

    python benchmarks/report.py                   # 10,000 and 100,000 pages, 2 jobs
    python benchmarks/report.py --pages 2000      # one size

Each size is one `ctgov-parse report DUMP -o report.html --jobs N` run of its own (the
dump cycles the benchmark corpus plus the results pages, so kinds and shapes mix); peak
memory is the command and its workers, sampled from /proc. Flat memory and a flat HTML
size across the sizes are the point.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus
from bench import results_pages, run_watched, table, write_dump


def measure(pages: list[str], count: int, jobs: int, directory: Path) -> tuple[str, str]:
    dump = directory / f"dump-{count}.txt"
    write_dump(dump, pages, count)
    out = directory / f"report-{count}.html"
    command = [sys.executable, "-m", "ctgov_parse", "report", str(dump), "-o", str(out)]
    seconds, peak, status = run_watched([*command, "--jobs", str(jobs), "--quiet"])
    if status != 0:
        raise SystemExit(f"ctgov-parse report exited {status} on {count} pages")
    size = dump.stat().st_size / 1e6
    html = out.stat().st_size / 1e3
    dump.unlink()
    return (
        f"{count:,} pages ({size:,.0f} MB), {jobs} jobs",
        f"{seconds:6.1f} s  {count / seconds:7,.0f} pages/s  peak {peak:5.0f} MB"
        f"  report {html:,.0f} KB",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, action="append", help="dump sizes (repeatable)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    pages = corpus.pages(2000) + results_pages()
    print("ctgov-parse report (the whole command: parse, count, draw, write)")
    with tempfile.TemporaryDirectory() as scratch:
        table(
            measure(pages, count, args.jobs, Path(scratch))
            for count in (args.pages or [10_000, 100_000])
        )


if __name__ == "__main__":
    main()
