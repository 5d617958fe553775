"""The report's numbers as one self-contained HTML file.

Page text is untrusted: every string that came from a page (or from a path) is escaped
before it is written, the charts are images, and the page's Content-Security-Policy allows
no script, no connection and nothing from outside the file."""

from __future__ import annotations

import html
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ctgov_parse.report import charts
from ctgov_parse.report.tally import TIME_BINS_PER_DECADE

__all__ = ["render_html"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem;
       color: #1d2733; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem;
     border-bottom: 1px solid #d5dce4; padding-bottom: .2rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid #d5dce4; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
.card b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; margin: .8rem 0; }
th, td { border-bottom: 1px solid #e3e8ee; padding: .25rem .6rem; text-align: left;
         vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart { display: block; max-width: 100%; margin: .6rem 0; }
.muted { color: #5d6b7a; } code { font-size: 90%; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 1rem; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _chart(data: str, alt: str) -> str:
    return f'<img class="chart" alt="{_e(alt)}" src="data:image/svg+xml;base64,{data}">'


def _table(head: list[str], rows: list[list[str]], numeric: Collection[int] = ()) -> str:
    """A table of already-escaped cells (``numeric`` columns right-aligned)."""
    header = "".join(f"<th>{_e(cell)}</th>" for cell in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _n(value: int) -> str:
    return f"{value:,}"


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _where(example: dict[str, Any]) -> str:
    """The page's position, linked to its file (at the line, for a viewer that honours it)."""
    text = _e(example["where"])
    path = example.get("path")
    if not path or "://" in path:
        return text
    url = Path(path).resolve().as_uri()
    if example.get("file_line"):
        url += f"#L{example['file_line']}"
    return f'<a href="{_e(url)}">{text}</a>'


def _cards(numbers: dict[str, Any]) -> str:
    time = numbers["time"]
    cards = [
        ("pages", _n(numbers["pages"])),
        ("parsed", _n(numbers["parsed"])),
        ("failed", _n(numbers["failed"])),
        ("pages/s", _e(time["pages_per_second"] or "-")),
        ("median parse", f"{_e(time['median_us'] or '-')} µs"),
    ]
    inner = "".join(f'<div class="card">{label}<b>{value}</b></div>' for label, value in cards)
    return f'<div class="cards">{inner}</div>'


def _pages_section(numbers: dict[str, Any]) -> str:
    rows = [[_e(g["kind"]), _e(g["shape"]), _n(g["pages"])] for g in numbers["by_kind_and_shape"]]
    problems = numbers["shape_problems"]
    problem_rows = [[f"<code>{_e(code)}</code>", _n(count)] for code, count in problems.items()]
    kinds = {f"{g['kind']} / {g['shape']}": g["pages"] for g in numbers["by_kind_and_shape"]}
    failures = numbers["failures"]
    failure_rows = [
        [
            _where(f),
            _e(f["line"] if f["line"] is not None else ""),
            f"<code>{_e(f['code'])}</code>",
            _e(f["text"]),
        ]
        for f in failures["listed"]
    ]
    more = failures["not_listed"]
    return "".join(
        [
            '<h2 id="pages">Pages</h2>',
            '<div class="grid"><div>',
            _table(["kind", "shape", "pages"], rows, {2}),
            "<p>Pages with shape problems:</p>",
            _table(["diagnostic", "pages"], problem_rows, {1}),
            "</div><div>",
            _chart(charts.bar_chart(kinds, "Pages by kind and shape"), "pages by kind and shape")
            if kinds
            else "",
            "</div></div>",
            '<h3 id="failures">Failures</h3>',
            _table(
                ["code", "pages"],
                [[f"<code>{_e(c)}</code>", _n(n)] for c, n in failures["by_code"].items()],
                {1},
            )
            if failures["by_code"]
            else "<p>No page failed.</p>",
            _table(["page", "line", "code", "message"], failure_rows) if failure_rows else "",
            f'<p class="muted">{_n(more)} more not listed.</p>' if more else "",
        ]
    )


def _coverage_section(numbers: dict[str, Any]) -> str:
    coverage = numbers["coverage"]
    groups = [(g["kind"], g["shape"]) for g in numbers["by_kind_and_shape"]]
    labels = [field["field"] for field in coverage]
    series = [
        (f"{kind} / {shape}", [field["by_group"][i]["share"] * 100 for field in coverage])
        for i, (kind, shape) in enumerate(groups)
    ]
    head = ["field", "all pages", *(f"{kind} / {shape}" for kind, shape in groups)]
    rows = [
        [f"<code>{_e(field['field'])}</code>", _pct(field["share"])]
        + [_pct(group["share"]) for group in field["by_group"]]
        for field in coverage
    ]
    chart = (
        _chart(
            charts.grouped_bar_chart(labels, series, "Field coverage", "% of pages"),
            "field coverage by page kind and shape",
        )
        if groups
        else ""
    )
    return "".join(
        [
            '<h2 id="coverage">Field coverage</h2>',
            '<p class="muted">The share of parsed pages that have each field.</p>',
            chart,
            _table(head, rows, set(range(1, len(head)))),
        ]
    )


def _diagnostics_section(numbers: dict[str, Any]) -> str:
    rows = []
    for entry in numbers["diagnostics"]:
        examples = "<br>".join(
            f"{_where(example)}, line {_e(example['line'])}: {_e(example['text'])}"
            for example in entry["examples"]
        )
        rows.append(
            [
                f"<code>{_e(entry['code'])}</code>",
                _e(entry["level"]),
                _n(entry["count"]),
                _n(entry["pages"]),
                examples,
            ]
        )
    if not rows:
        return '<h2 id="diagnostics">Diagnostics</h2><p>None.</p>'
    return '<h2 id="diagnostics">Diagnostics</h2>' + _table(
        ["code", "level", "count", "pages", "examples"], rows, {2, 3}
    )


_VALUE_TITLES = {
    "status": "Overall status",
    "phase": "Phase (a page may list two)",
    "study_type": "Study type",
    "start_year": "Start year",
    "enrollment": "Enrollment",
    "minimum_age": "Minimum age",
    "maximum_age": "Maximum age",
}


def _values_section(numbers: dict[str, Any]) -> str:
    figures = [
        _chart(charts.bar_chart(counts, _VALUE_TITLES[name]), _VALUE_TITLES[name])
        for name, counts in numbers["values"].items()
        if counts
    ]
    return (
        '<h2 id="values">Values</h2><div class="grid">'
        + "".join(f"<div>{figure}</div>" for figure in figures)
        + "</div>"
    )


def _time_section(numbers: dict[str, Any]) -> str:
    time = numbers["time"]
    bins = [(entry["from_us"], entry["pages"]) for entry in time["histogram"]]
    chart = charts.histogram(bins, "Parse time per page", "µs (log scale)", TIME_BINS_PER_DECADE)
    facts = (
        f"{_n(numbers['pages'])} pages in {time['wall_seconds']} s "
        f"({_e(time['pages_per_second'])} pages/s); parsing alone {time['parse_seconds']} s; "
        f"median {_e(time['median_us'])} µs, 99th percentile {_e(time['p99_us'])} µs "
        "(lower edges of their histogram bins)."
    )
    return f'<h2 id="time">Parse time</h2><p>{facts}</p>' + _chart(chart, "parse time histogram")


def render_html(numbers: dict[str, Any], title: str) -> str:
    """The report page for ``numbers`` (``Tally.to_dict``), titled ``title``."""
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
            f"<h1>{_e(title)}</h1>",
            '<p class="muted">Written by <code>ctgov-parse report</code>. Sections: '
            '<a href="#pages">pages</a>, <a href="#coverage">field coverage</a>, '
            '<a href="#diagnostics">diagnostics</a>, <a href="#values">values</a>, '
            '<a href="#time">parse time</a>.</p>',
            _cards(numbers),
            _pages_section(numbers),
            _coverage_section(numbers),
            _diagnostics_section(numbers),
            _values_section(numbers),
            _time_section(numbers),
            "</body></html>\n",
        ]
    )
