"""Summarize a directory (or dump) of trial pages with the library only: no pandas.

    python examples/summarize.py fixtures/
    python examples/summarize.py dump.txt.gz --jobs 2

Prints status counts, phase counts, the median enrollment, and how many pages failed.
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter

import ctgov_parse


def summarize(source: str, jobs: int = 1) -> dict[str, object]:
    statuses: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    enrollments: list[int] = []
    failed = 0
    for result in ctgov_parse.iter_parse(source, jobs=jobs):
        if not result.ok:
            failed += 1
            continue
        trial = result.trial
        statuses[trial.status.value if trial.status else "(none)"] += 1
        for phase in trial.phases or ():
            phases[phase.value] += 1
        if trial.enrollment is not None:
            enrollments.append(trial.enrollment)
    return {
        "pages": sum(statuses.values()) + failed,
        "failed": failed,
        "statuses": dict(statuses.most_common()),
        "phases": dict(sorted(phases.items())),
        "median_enrollment": statistics.median(enrollments) if enrollments else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a directory of pages, a page, or a dump")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    summary = summarize(args.source, args.jobs)
    print(f"pages: {summary['pages']} (failed: {summary['failed']})")
    print("statuses:")
    for status, count in summary["statuses"].items():  # type: ignore[attr-defined]
        print(f"  {status:<26} {count}")
    print("phases:")
    for phase, count in summary["phases"].items():  # type: ignore[attr-defined]
        print(f"  {phase:<26} {count}")
    print(f"median enrollment: {summary['median_enrollment']}")


if __name__ == "__main__":
    main()
