"""Streaming counters for the quality report: each page is counted as it goes by, and only
totals and a capped number of examples are kept, so memory does not grow with the dump."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from ctgov_parse.batch import PageSource
from ctgov_parse.errors import ParseError
from ctgov_parse.report.facts import FIELDS, PROBLEM_CODES, PageFacts

__all__ = ["EXAMPLES", "FAILURES_LISTED", "TIME_BINS_PER_DECADE", "Tally"]

EXAMPLES = 5  # example (page, line, text) kept per diagnostic code
FAILURES_LISTED = 100  # failures listed with their positions (all are counted)
TIME_BINS_PER_DECADE = 10  # parse-time histogram resolution, on a log scale
_TIME_FLOOR_US = 1.0

# Enrollment and age buckets: (label, upper bound inclusive), the last one open.
ENROLLMENT_BUCKETS = (
    ("0", 0),
    ("1-10", 10),
    ("11-100", 100),
    ("101-1,000", 1000),
    ("1,001-10,000", 10000),
    ("10,001-100,000", 100000),
    ("over 100,000", math.inf),
)
AGE_BUCKETS = (
    ("under 1 year", 1),
    ("1-11 years", 12),
    ("12-17 years", 18),
    ("18-64 years", 65),
    ("65-79 years", 80),
    ("80+ years", math.inf),
)
MISSING = "(none)"


def _bucket(value: float | None, buckets: tuple[tuple[str, float], ...], closed: bool) -> str:
    """The label of the bucket holding ``value``: upper bounds are inclusive when ``closed``
    (counts), exclusive otherwise (ages, whose bounds are birthdays)."""
    if value is None:
        return MISSING
    for label, upper in buckets:
        if value <= upper if closed else value < upper:
            return label
    return buckets[-1][0]


def _time_bin(seconds: float) -> int:
    microseconds = max(seconds * 1e6, _TIME_FLOOR_US)
    return int(math.log10(microseconds) * TIME_BINS_PER_DECADE)


def _bin_lower_us(index: int) -> float:
    return float(10 ** (index / TIME_BINS_PER_DECADE))


class Tally:
    """Totals of a stream of parsed and failed pages (``add_page``, ``add_failure``);
    ``to_dict`` gives the report's numbers as plain JSON-ready data."""

    def __init__(self) -> None:
        self.pages = 0
        self.failed = 0
        self.failure_codes: Counter[str] = Counter()
        self.failures: list[dict[str, Any]] = []
        self.kinds: Counter[tuple[str, str]] = Counter()  # (kind, shape) -> pages
        self.problems: Counter[str] = Counter()  # shape problem code -> pages
        self.coverage: Counter[tuple[str, str, str]] = Counter()  # (kind, shape, field)
        self.diagnostics: Counter[tuple[str, str]] = Counter()  # (code, level) -> listed
        self.diagnostic_pages: Counter[tuple[str, str]] = Counter()
        self.examples: dict[str, list[dict[str, Any]]] = {}
        self.values: dict[str, Counter[str]] = {
            name: Counter()
            for name in (
                "status",
                "phase",
                "study_type",
                "start_year",
                "enrollment",
                "minimum_age",
                "maximum_age",
            )
        }
        self.time_bins: Counter[int] = Counter()
        self.parse_seconds = 0.0

    def add_page(self, facts: PageFacts, seconds: float) -> None:
        self.pages += 1
        self._time(seconds)
        group = (facts.kind, facts.shape)
        self.kinds[group] += 1
        for name in facts.present:
            self.coverage[(*group, name)] += 1
        codes_seen: set[tuple[str, str]] = set()
        for diagnostic in facts.diagnostics:
            key = (diagnostic.code, diagnostic.level)
            self.diagnostics[key] += 1
            codes_seen.add(key)
            examples = self.examples.setdefault(diagnostic.code, [])
            if len(examples) < EXAMPLES:
                examples.append(_example(facts.source, diagnostic.line, diagnostic.message))
        self.diagnostic_pages.update(codes_seen)
        for code in PROBLEM_CODES:
            if any(seen == code for seen, _ in codes_seen):
                self.problems[code] += 1
        values = self.values
        values["status"][facts.status or MISSING] += 1
        values["phase"].update(facts.phases or (MISSING,))
        values["study_type"][facts.study_type or MISSING] += 1
        values["start_year"][str(facts.start_year) if facts.start_year else MISSING] += 1
        values["enrollment"][_bucket(facts.enrollment, ENROLLMENT_BUCKETS, closed=True)] += 1
        values["minimum_age"][_bucket(facts.minimum_age_years, AGE_BUCKETS, closed=False)] += 1
        values["maximum_age"][_bucket(facts.maximum_age_years, AGE_BUCKETS, closed=False)] += 1

    def add_failure(self, source: PageSource, error: ParseError, seconds: float) -> None:
        self.pages += 1
        self.failed += 1
        self._time(seconds)
        self.failure_codes[error.code] += 1
        if len(self.failures) < FAILURES_LISTED:
            failure = _example(source, error.line, error.message)
            self.failures.append({"code": error.code, **failure})

    def _coverage(self, name: str, groups: list[tuple[str, str]], parsed: int) -> dict[str, Any]:
        """How many parsed pages have field ``name``, in all and per (kind, shape)."""
        by_group = [(kind, shape, self.coverage[(kind, shape, name)]) for kind, shape in groups]
        pages = sum(count for _, _, count in by_group)
        return {
            "field": name,
            "pages": pages,
            "share": _share(pages, parsed),
            "by_group": [
                {
                    "kind": kind,
                    "shape": shape,
                    "pages": count,
                    "share": _share(count, self.kinds[(kind, shape)]),
                }
                for kind, shape, count in by_group
            ],
        }

    def _time(self, seconds: float) -> None:
        self.parse_seconds += seconds
        self.time_bins[_time_bin(seconds)] += 1

    def percentile_us(self, share: float) -> float | None:
        """The lower edge of the histogram bin holding the ``share`` quantile of parse
        times (within a bin's width: 26% at 10 bins a decade)."""
        total = sum(self.time_bins.values())
        if not total:
            return None
        rank = share * total
        running = 0
        for index in sorted(self.time_bins):
            running += self.time_bins[index]
            if running >= rank:
                return round(_bin_lower_us(index), 1)
        return None  # pragma: no cover  (running reaches total)

    def to_dict(self, wall_seconds: float) -> dict[str, Any]:
        parsed = self.pages - self.failed
        groups = sorted(self.kinds, key=_group_order)
        return {
            "pages": self.pages,
            "parsed": parsed,
            "failed": self.failed,
            "by_kind": _counts(_summed(self.kinds, 0)),
            "by_shape": _counts(_summed(self.kinds, 1)),
            "by_kind_and_shape": [
                {"kind": kind, "shape": shape, "pages": self.kinds[(kind, shape)]}
                for kind, shape in groups
            ],
            "shape_problems": {code: self.problems[code] for code in PROBLEM_CODES},
            "failures": {
                "by_code": _counts(self.failure_codes),
                "listed": self.failures,
                "not_listed": self.failed - len(self.failures),
            },
            "coverage": [self._coverage(name, groups, parsed) for name, _ in FIELDS],
            "diagnostics": [
                {
                    "code": code,
                    "level": level,
                    "count": count,
                    "pages": self.diagnostic_pages[(code, level)],
                    "examples": self.examples.get(code, []),
                }
                for (code, level), count in sorted(
                    self.diagnostics.items(), key=lambda item: (-item[1], item[0])
                )
            ],
            "values": {
                "status": _counts(self.values["status"]),
                "phase": _counts(self.values["phase"]),
                "study_type": _counts(self.values["study_type"]),
                "start_year": dict(sorted(self.values["start_year"].items())),
                "enrollment": _ordered(self.values["enrollment"], ENROLLMENT_BUCKETS),
                "minimum_age": _ordered(self.values["minimum_age"], AGE_BUCKETS),
                "maximum_age": _ordered(self.values["maximum_age"], AGE_BUCKETS),
            },
            "time": {
                "wall_seconds": round(wall_seconds, 3),
                "pages_per_second": round(self.pages / wall_seconds, 1) if wall_seconds else None,
                "parse_seconds": round(self.parse_seconds, 3),
                "median_us": self.percentile_us(0.5),
                "p99_us": self.percentile_us(0.99),
                "histogram": [
                    {"from_us": round(_bin_lower_us(i), 1), "pages": self.time_bins[i]}
                    for i in sorted(self.time_bins)
                ],
            },
        }


def _example(source: PageSource, line: int | None, text: str) -> dict[str, Any]:
    """Where a diagnostic or failure was found: the page's position, its path and the line
    in that file (a page's line 1 is its file's ``source.line``)."""
    file_line = None
    if line is not None and source.line is not None:
        file_line = source.line + line - 1
    return {
        "page": source.index,
        "where": str(source),
        "path": source.path,
        "line": line,
        "file_line": file_line,
        "text": text,
    }


_ORDER = {"TRIAL": 0, "RESULTS": 1, "LABELLED": 0, "COMPACT": 1}


def _group_order(group: tuple[str, str]) -> tuple[int, int, str, str]:
    kind, shape = group
    return (_ORDER.get(kind, 2), _ORDER.get(shape, 2), kind, shape)


def _summed(counter: Counter[tuple[str, str]], part: int) -> Counter[str]:
    summed: Counter[str] = Counter()
    for key, count in counter.items():
        summed[key[part]] += count
    return summed


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _counts(counter: Counter[str]) -> dict[str, int]:
    """Most common first, ties by name; the missing value last."""
    items = sorted(counter.items(), key=lambda item: (item[0] == MISSING, -item[1], item[0]))
    return dict(items)


def _ordered(counter: Counter[str], buckets: tuple[tuple[str, float], ...]) -> dict[str, int]:
    labels = [label for label, _ in buckets] + [MISSING]
    return {label: counter[label] for label in labels if counter[label]}
