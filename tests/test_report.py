"""The quality report: its numbers checked exactly against the fixtures' expected JSON, its
streaming caps, the command, and its HTML opened in a real headless Chromium."""

from __future__ import annotations

import gzip
import json
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from ctgov_parse.cli import main
from ctgov_parse.report import EXAMPLES, FAILURES_LISTED, FIELDS, quality_report, render_html
from ctgov_parse.report.tally import AGE_BUCKETS, ENROLLMENT_BUCKETS, MISSING, _bucket
from tests.conftest import FIXTURES, fixture_pages, skip_or_fail
from tests.expected import expand

pytest.importorskip("matplotlib", reason="the report extra (matplotlib) is not installed")

PAGES = fixture_pages()
_EXPECTED = [expand(json.loads(page.with_suffix(".json").read_text("utf-8"))) for page in PAGES]
_AGE_DAYS = {"YEARS": Fraction(1461, 4), "MONTHS": Fraction(1461, 48), "WEEKS": 7, "DAYS": 1}
# A page whose every value tries to run script in whoever opens the report.
HOSTILE = """\
A hostile page
NCT ID: NCT09999999
<script>document.title='pwned';window.pwned=1</script><img src=x onerror="window.pwned=2">
Last updated: 2024-01-05
Recruitment Status: </style><script>window.pwned=3</script>
"""


@pytest.fixture(scope="module")
def numbers() -> dict[str, Any]:
    return quality_report([FIXTURES])


# --- the oracle: what the expected JSON says, counted independently ----------------------


def _value(expected: dict[str, Any], name: str) -> Any:
    path = name.replace("eligibility.criteria", "eligibility.criteria_text").split(".")
    value: Any = expected
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def test_pages_by_kind_and_shape_match_the_fixtures(numbers: dict[str, Any]) -> None:
    groups = Counter((e["page_kind"], e["page_shape"]) for e in _EXPECTED)
    assert numbers["pages"] == len(PAGES) == numbers["parsed"]
    assert numbers["failed"] == 0
    assert {(g["kind"], g["shape"]): g["pages"] for g in numbers["by_kind_and_shape"]} == groups
    assert numbers["by_kind"] == dict(Counter(e["page_kind"] for e in _EXPECTED))
    # Trial pages before results pages, labelled before compact.
    assert [(g["kind"], g["shape"]) for g in numbers["by_kind_and_shape"]] == [
        ("TRIAL", "LABELLED"),
        ("TRIAL", "COMPACT"),
        ("RESULTS", "LABELLED"),
        ("RESULTS", "COMPACT"),
    ]


def test_field_coverage_matches_the_fixtures(numbers: dict[str, Any]) -> None:
    assert [field["field"] for field in numbers["coverage"]] == [name for name, _ in FIELDS]
    for field in numbers["coverage"]:
        having = [e for e in _EXPECTED if _present(_value(e, field["field"]))]
        assert field["pages"] == len(having), field["field"]
        assert field["share"] == round(len(having) / len(PAGES), 4)
        for group in field["by_group"]:
            in_group = [
                e
                for e in _EXPECTED
                if (e["page_kind"], e["page_shape"]) == (group["kind"], group["shape"])
            ]
            hits = sum(_present(_value(e, field["field"])) for e in in_group)
            assert (group["pages"], group["share"]) == (hits, round(hits / len(in_group), 4))


def test_diagnostics_and_shape_problems_match_the_fixtures(numbers: dict[str, Any]) -> None:
    listed = Counter((d["code"], d["level"]) for e in _EXPECTED for d in e["diagnostics"])
    pages = Counter(
        key for e in _EXPECTED for key in {(d["code"], d["level"]) for d in e["diagnostics"]}
    )
    assert {(d["code"], d["level"]): d["count"] for d in numbers["diagnostics"]} == listed
    assert {(d["code"], d["level"]): d["pages"] for d in numbers["diagnostics"]} == pages
    counts = [d["count"] for d in numbers["diagnostics"]]
    assert counts == sorted(counts, reverse=True)
    for code, count in numbers["shape_problems"].items():
        assert count == sum(any(d["code"] == code for d in e["diagnostics"]) for e in _EXPECTED)
    assert numbers["shape_problems"]["truncated"] > 0  # the fixtures hold cut pages
    glued = next(d for d in numbers["diagnostics"] if d["code"] == "glued-heading")
    first = next(
        (i, page, d)
        for i, (page, e) in enumerate(zip(PAGES, _EXPECTED, strict=True))
        for d in e["diagnostics"]
        if d["code"] == "glued-heading"
    )
    index, page, diagnostic = first
    assert glued["examples"][0] == {
        "page": index,
        "where": f"page {index} ({page}, line 1, byte 0)",
        "path": str(page),
        "line": diagnostic["line"],
        "file_line": diagnostic["line"],
        "text": diagnostic["message"],
    }


def _age_bucket(age: dict[str, Any] | None) -> str:
    if age is None:
        return MISSING
    years = age["value"] * _AGE_DAYS[age["unit"]] / _AGE_DAYS["YEARS"]
    return next((label for label, upper in AGE_BUCKETS if years < upper), AGE_BUCKETS[-1][0])


def test_value_distributions_match_the_fixtures(numbers: dict[str, Any]) -> None:
    values = numbers["values"]
    assert values["status"] == _without_zeros(Counter(e["status"] or MISSING for e in _EXPECTED))
    assert values["phase"] == _without_zeros(
        Counter(p for e in _EXPECTED for p in (e["phases"] or [MISSING]))
    )
    assert values["study_type"] == dict(Counter(e["study_type"] or MISSING for e in _EXPECTED))
    years = Counter(e["start_date"][:4] if e["start_date"] else MISSING for e in _EXPECTED)
    assert values["start_year"] == dict(sorted(years.items()))
    enrollment = Counter(
        _bucket(e["enrollment"], ENROLLMENT_BUCKETS, closed=True) for e in _EXPECTED
    )
    assert values["enrollment"] == dict(enrollment)
    for bound in ("minimum_age", "maximum_age"):
        ages = Counter(_age_bucket((e["eligibility"] or {}).get(bound)) for e in _EXPECTED)
        assert values[bound] == dict(ages), bound


def _without_zeros(counter: Counter[str]) -> dict[str, int]:
    return {k: v for k, v in counter.items() if v}


def test_buckets_put_boundaries_where_they_belong() -> None:
    assert _bucket(10, ENROLLMENT_BUCKETS, closed=True) == "1-10"
    assert _bucket(11, ENROLLMENT_BUCKETS, closed=True) == "11-100"
    assert _bucket(0, ENROLLMENT_BUCKETS, closed=True) == "0"
    assert _bucket(10**7, ENROLLMENT_BUCKETS, closed=True) == "over 100,000"
    assert _bucket(18.0, AGE_BUCKETS, closed=False) == "18-64 years"  # an 18th birthday
    assert _bucket(17.99, AGE_BUCKETS, closed=False) == "12-17 years"
    assert _bucket(None, AGE_BUCKETS, closed=False) == MISSING


def test_parse_times_are_counted_for_every_page(numbers: dict[str, Any]) -> None:
    time = numbers["time"]
    assert sum(entry["pages"] for entry in time["histogram"]) == len(PAGES)
    assert 0 < time["parse_seconds"] <= time["wall_seconds"]
    assert time["median_us"] <= time["p99_us"]
    edges = [entry["from_us"] for entry in time["histogram"]]
    assert edges == sorted(edges)


# --- streaming caps and failures ---------------------------------------------------------


def test_examples_and_failures_are_capped_while_everything_is_counted(tmp_path: Path) -> None:
    glued = (FIXTURES / "glued_headings.txt").read_text("utf-8")
    per_page = sum(
        d["code"] == "glued-heading"
        for d in expand(json.loads((FIXTURES / "glued_headings.json").read_text("utf-8")))[
            "diagnostics"
        ]
    )
    pages = [glued] * 40 + [b"\x00\x01binary"] * (FAILURES_LISTED + 7)
    numbers = quality_report([pages])
    assert numbers["pages"] == 40 + FAILURES_LISTED + 7
    assert numbers["failed"] == FAILURES_LISTED + 7
    assert numbers["failures"]["by_code"] == {"undecodable-input": FAILURES_LISTED + 7}
    assert len(numbers["failures"]["listed"]) == FAILURES_LISTED
    assert numbers["failures"]["not_listed"] == 7
    first = numbers["failures"]["listed"][0]
    assert (first["page"], first["code"], first["where"]) == (
        40,
        "undecodable-input",
        "page 40 (<input>)",
    )
    entry = next(d for d in numbers["diagnostics"] if d["code"] == "glued-heading")
    assert (entry["count"], entry["pages"]) == (40 * per_page, 40)
    assert len(entry["examples"]) == EXAMPLES
    assert numbers["shape_problems"]["glued-heading"] == 40


def test_a_dump_from_two_workers_gives_the_same_numbers(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as stream:
        for page in PAGES * 3:
            stream.write(page.read_text("utf-8").rstrip("\n") + "\n\n")
    one = quality_report([dump], jobs=1)
    two = quality_report([dump], jobs=2)
    assert one["pages"] == len(PAGES) * 3
    for key in ("by_kind_and_shape", "coverage", "diagnostics", "values", "failures"):
        assert one[key] == two[key], key


# --- the command ---------------------------------------------------------------------------


def test_the_command_writes_the_json_numbers(tmp_path: Path, numbers: dict[str, Any]) -> None:
    out = tmp_path / "report.json"
    assert main(["report", str(FIXTURES), "-o", str(out), "--format", "json", "--quiet"]) == 0
    written = json.loads(out.read_text("utf-8"))
    for key in ("pages", "by_kind_and_shape", "coverage", "diagnostics", "values", "failures"):
        assert written[key] == numbers[key], key
    assert not list(tmp_path.glob(".*partial"))


def test_the_command_writes_one_self_contained_html_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(FIXTURES), "-o", str(out), "--title", "Fixtures"]) == 0
    text = out.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Fixtures</title>" in text
    assert "http://" not in text and "https://" not in text.replace("http://www.w3.org", "")
    assert text.count('src="data:image/svg+xml;base64,') >= 8
    assert "<script" not in text


def test_page_text_is_escaped_in_the_html(tmp_path: Path) -> None:
    text = render_html(quality_report([[HOSTILE]]), "Hostile <b>title</b>")
    assert "<script" not in text and "<img src=x" not in text
    assert "&lt;script&gt;" in text  # the page's own text, shown as text
    assert "<title>Hostile &lt;b&gt;title&lt;/b&gt;</title>" in text
    assert text.count("</style>") == 1  # the report's own


# --- a real browser ---------------------------------------------------------------------------


def _chromium() -> Any:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install -e '.[test]')")
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        skip_or_fail(
            "Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1300,2000",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)


def test_the_report_opens_in_a_browser_with_its_charts_and_runs_no_page_script(
    tmp_path: Path,
) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(HOSTILE, "utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(hostile), str(FIXTURES), "-o", str(out), "--title", "Scrape"]) == 0
    browser = _chromium()
    try:
        browser.get(out.as_uri())
        assert browser.title == "Scrape"
        assert browser.execute_script("return typeof window.pwned") == "undefined"
        images = browser.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])"
        )
        assert len(images) >= 8
        assert all(complete and width > 0 for complete, width, _ in images), images
        assert "field coverage by page kind and shape" in [alt for _, _, alt in images]
        headings = browser.execute_script(
            "return Array.from(document.querySelectorAll('h2')).map(h => h.textContent)"
        )
        assert headings == ["Pages", "Field coverage", "Diagnostics", "Values", "Parse time"]
        rows = browser.execute_script(
            "return document.querySelectorAll('#coverage ~ table')[0].rows.length"
        )
        assert rows == len(FIELDS) + 1
        shown = browser.execute_script("return document.body.innerText")
        assert "<script>document.title=" in shown  # the page's text, shown as text
        assert "</style><script>window.pwned=3</script>" in shown
        browser.save_screenshot(str(tmp_path / "report.png"))
    finally:
        browser.quit()
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_drawing_the_charts_leaves_the_callers_matplotlib_as_it_was(
    numbers: dict[str, Any],
) -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    html = render_html(numbers, "Fixtures")
    assert 'alt="Overall status"' in html
    assert dict(matplotlib.rcParams) == before  # no style, backend or font setting leaked
