"""Tables of where the data came from and how good it is: ``pages``, ``diagnostics``,
``unparsed_lines`` (ours; AACT has none). Either page of a study fills them, so each row
names its page (``page_kind``), and loading a page replaces only that page's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctgov_parse.model import PageKind
from ctgov_parse.tables.protocol import source_columns
from ctgov_parse.tables.schema import ColumnType, Page, Table, at, at_token, column, token

__all__ = ["QUALITY_TABLES"]

TEXT, INTEGER = ColumnType.TEXT, ColumnType.INTEGER


def _page_token(page: Page, stated: PageKind | None) -> str | None:
    return token(stated if stated is not None else page.kind)


def _pages(page: Page) -> Iterator[tuple[str, Any]]:
    yield token(page.kind) or "BOTH", page.trial


PAGES = Table(
    name="pages",
    page=None,
    aact=False,
    description=(
        "One row per page loaded: which page of the study, its layout, its last-update date"
        " (which decides whether a later load may replace it) and where it was read from."
    ),
    items=_pages,
    columns=(
        column("page_kind", TEXT, "`TRIAL` or `RESULTS` (null: a record of both pages)",
               lambda p, t: token(p.kind)),
        column("page_shape", TEXT, "`LABELLED` or `COMPACT`", at_token("page_shape")),
        column("table_rendering", TEXT, "how a results page drew its tables: `LABELLED`,"
               " `PIPE_CELLS` or `PIPE_ROWS`",
               lambda p, t: None if t.results is None else token(t.results.table_rendering),
               "Results.table_rendering"),
        column("measure_shape", TEXT, "how a results page drew its measure rows: `STATED`"
               " (a statistic line), `SITE` or `SITE_UNREPEATED` (the site's: none)",
               lambda p, t: None if t.results is None else token(t.results.measure_shape),
               "Results.measure_shape"),
        column("last_updated", TEXT, "the page's last-update date, ISO at its precision",
               lambda p, t: None if t.last_updated is None else t.last_updated.isoformat()),
        *source_columns(),
        # Filled by the loader from the page's bytes (the row is made before it is known).
        column("raw_hash", TEXT, "BLAKE2b-128 of the page's bytes, hex: a load skips a page"
               " whose hash is stored, unparsed", lambda p, t: None),
    ),
)  # fmt: skip


def _diagnostics(page: Page) -> Iterator[tuple[str, Any]]:
    for index, diagnostic in enumerate(page.trial.diagnostics):
        kind = _page_token(page, diagnostic.page) or "BOTH"
        yield f"{kind}.{index}", diagnostic


DIAGNOSTICS = Table(
    name="diagnostics",
    page=None,
    aact=False,
    description="Every defect found in the pages (see the diagnostics codes in the README).",
    items=_diagnostics,
    columns=(
        column("page_kind", TEXT, "the page it was found in",
               lambda p, d: _page_token(p, d.page), "Diagnostic.page"),
        column("code", TEXT, "stable code (`truncated`, `unknown-label`, ...)",
               at("code"), "Diagnostic.code", nullable=False),
        column("level", TEXT, "`INFO`, `WARNING` or `ERROR`", at_token("level"),
               "Diagnostic.level", nullable=False),
        column("message", TEXT, "what is wrong, readable", at("message"),
               "Diagnostic.message"),
        column("line", INTEGER, "1-based line in its page", at("line"),
               "Diagnostic.line"),
        column("section", TEXT, "the section it was found in", at("section"),
               "Diagnostic.section"),
        column("field", TEXT, "the field it concerns", at("field"), "Diagnostic.field"),
        column("count", INTEGER, "for `diagnostics-capped`, how many were not listed",
               at("count"), "Diagnostic.count"),
    ),
)  # fmt: skip


def _lines(page: Page) -> Iterator[tuple[str, Any]]:
    for index, line in enumerate(page.trial.unparsed):
        yield f"{_page_token(page, line.page) or 'BOTH'}.u{index}", (None, line)
    for heading_index, (heading, lines) in enumerate(page.trial.extra_sections.items()):
        for index, line in enumerate(lines):
            kind = _page_token(page, line.page) or "BOTH"
            yield f"{kind}.x{heading_index}.{index}", (heading, line)


UNPARSED_LINES = Table(
    name="unparsed_lines",
    page=None,
    aact=False,
    description=(
        "Every kept line no field took: lines of known sections left unparsed, and the lines"
        " of unknown sections (with their heading in `unknown_heading`)."
    ),
    items=_lines,
    columns=(
        column("page_kind", TEXT, "the page the line is from",
               lambda p, x: _page_token(p, x[1].page), "Line.page"),
        column("line_number", INTEGER, "1-based line in its page", at("number", 1),
               "Line.number"),
        column("text", TEXT, "the line as it was", at("text", 1), "Line.text",
               "Trial.unparsed", nullable=False),
        column("section", TEXT, "the section it stood in", at("section", 1),
               "Line.section"),
        column("unknown_heading", TEXT, "for a line of an unknown section, its heading",
               at(None, 0), "Trial.extra_sections"),
    ),
)  # fmt: skip

QUALITY_TABLES: tuple[Table, ...] = (PAGES, DIAGNOSTICS, UNPARSED_LINES)
