"""A page that is not this site's: another mirror's, an aggregator's, a markdown copy.

Nothing on it is read as this site's fields (its headings and labels mean other things
there, and a guess would pass for data): the record holds its NCT id (the first ``NCT`` and
eight digits anywhere in the text), an ``unsupported-page`` diagnostic, and every non-blank
line in ``unparsed`` with its number, which the renderer writes back where it stood.
"""

from __future__ import annotations

from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.grammar import NCT_ID
from ctgov_parse.model import Level, PageKind, PageShape, Trial, new
from ctgov_parse.page.assemble import report_notes
from ctgov_parse.page.decode import Note
from ctgov_parse.page.layout import Item, Shape

__all__ = ["read_unsupported", "unsupported_page"]


def read_unsupported(lines: list[str], strict: bool, notes: tuple[Note, ...]) -> Trial:
    """The record of a page that is not this site's (``clean_lines``' lines)."""
    report = Diagnostics(strict, PageKind.UNSUPPORTED)
    report_notes(report, notes)
    found = _first_nct_id(lines)
    first = next((number for number, line in enumerate(lines, 1) if line.strip()), None)
    said = f"its NCT id {found[1]} (line {found[0]}) is read" if found else "it names no NCT id"
    report(
        "unsupported-page",
        "the page is not this site's (no results title line, no NCT ID: line near the top,"
        f" none of its helper sentences): nothing is read from it but its id; {said}",
        line=first,
        level=Level.ERROR,
    )
    unparsed = tuple(
        new.line(number=number, text=line, page=PageKind.UNSUPPORTED)
        for number, line in enumerate(lines, 1)
        if line.strip()
    )
    blank = any(not line.strip() for line in lines[: len(lines) - 1])
    return Trial(
        nct_id=found[1] if found else None,
        unparsed=unparsed,
        diagnostics=report.all(),
        page_kind=PageKind.UNSUPPORTED,
        page_shape=PageShape.LABELLED if blank else PageShape.COMPACT,
    )


def _first_nct_id(lines: list[str]) -> tuple[int, str] | None:
    """The first ``NCT`` and eight digits in the text, with its line number."""
    for number, line in enumerate(lines, 1):
        match = NCT_ID.search(line) if "NCT" in line else None  # (a cheap test first)
        if match is not None:
            return number, match[0]
    return None


def unsupported_page(
    trial: Trial, shape: Shape, rendering: object, measures: object = None
) -> list[Item]:
    """The page back: each kept line at its own line number (blank lines between)."""
    lines: list[str] = []
    for line in trial.unparsed:
        if line.page not in (None, PageKind.UNSUPPORTED):
            continue
        lines += [""] * (line.number - 1 - len(lines))
        lines.append(line.text)
    return [Item(lines)] if lines else []
