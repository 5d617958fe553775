"""Assemble a Trial from a page cut into sections, whatever its kind: each known section
read by its kind's extractor (in the kind's order, a repeated heading read once), unknown
sections kept whole, every line that no field took accounted for, and the page's own
checks (missing id or title, headings lost or glued, a page cut short).

A kind says how it is read through a ``PageReader``: its extractor table, its context and
its own rule for when a page is whole. Everything else here is shared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import attrs

from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.model import Level, Line, PageKind, PageShape, Trial, new
from ctgov_parse.page.decode import Note
from ctgov_parse.page.grammar import HEADER_SECTION
from ctgov_parse.page.read import Context, Reporter
from ctgov_parse.page.split import Section, SplitPage, last_line_number

__all__ = ["PageReader", "assemble", "report_notes"]


class PageReader(NamedTuple):
    """How one kind of page is read: which extractor reads which section (in the order of
    ``extractors``: a section may read what an earlier one found), with what context; why a
    page looks cut (None when it is whole); what else the page gives the Trial."""

    kind: PageKind
    extractors: Mapping[str, Callable[[Section, Any], None]]
    context: Callable[[Reporter], Context]
    where_cut: Callable[[list[Section], PageShape, Any], str | None]
    finish: Callable[[Any], dict[str, Any]] = lambda ctx: {}


def report_notes(report: Diagnostics, notes: tuple[Note, ...]) -> None:
    for note in notes:
        report(note.code, note.message, line=note.line, level=Level.WARNING)


def assemble(
    page: SplitPage, reader: PageReader, strict: bool, notes: tuple[Note, ...] = ()
) -> Trial:
    """The Trial of a page cut into sections, read by ``reader`` (its kind's extractors);
    ``notes`` are what decoding its bytes found. Lenient unless ``strict``."""
    sections, shape, kind = page.sections, page.shape, reader.kind
    report = Diagnostics(strict, kind)
    report_notes(report, notes)
    ctx = reader.context(report)
    ctx.section = HEADER_SECTION
    last_line = last_line_number(sections)
    extra: dict[str, list[Line]] = {}
    seen: set[str] = set()
    known = _with_duplicates_last(
        [section for section in sections if section.name in reader.extractors], reader.extractors
    )
    for section in sections:
        if section.name is None or section.name not in reader.extractors:
            _keep_unknown(section, extra, report, kind)
    for section in known:
        name: str = section.name  # type: ignore[assignment]
        if name in seen:
            if not report.count_only("duplicate-section", section.start_line):
                report(
                    "duplicate-section",
                    f"section {section.heading!r} appears again; only one copy is read",
                    line=section.start_line,
                    level=Level.WARNING,
                    section=name,
                )
            if section.has_text():
                ctx.keep(section.lines)
            continue
        seen.add(name)
        ctx.section = name
        ctx.ends_page = section is sections[-1] or last_line_number([section]) >= last_line
        reader.extractors[name](section, ctx)
    _check_page(sections, shape, ctx, report, reader, last_line)
    unparsed = ctx.unparsed(kind)
    listed = report.room("unparsed-line") if not report.strict else len(unparsed)
    for line in unparsed[:listed]:
        report(
            "unparsed-line",
            f"line not used by any field: {line.text.strip()[:80]!r}",
            line=line.number,
            level=Level.WARNING,
            section=line.section,
        )
    if len(unparsed) > listed:
        report.count_unlisted("unparsed-line", len(unparsed) - listed, unparsed[listed].number)
    _cut_last_line(report, _last_line(sections))
    fields: dict[str, Any] = {key: value for key, value in ctx.fields.items() if value is not None}
    fields.update(reader.finish(ctx))
    fields["extra_sections"] = {heading: tuple(lines) for heading, lines in extra.items()}
    fields["raw"] = ctx.raw
    fields["diagnostics"] = report.all()
    fields["unparsed"] = unparsed
    fields["page_shape"] = shape
    fields["page_kind"] = kind
    return new.from_fields(Trial, fields)


# What a value cut by the page's end is told as, whatever else its text looks like: a
# token cut short, a date or an age cut, a label left without its value, a line no field
# took (which of these a cut gives depends only on where the cut fell).
_CUT_VALUE_CODES = frozenset(
    [
        "unknown-value",
        "unparsed-line",
        "missing-value",
        "bad-date",
        "bad-age",
        "bad-phase",
        "bad-enrollment",
        "bad-yes-no",
    ]
)


def _cut_last_line(report: Diagnostics, last: int | None) -> None:
    """On a page cut short, the diagnostics of a value on its last line become one
    ``truncated-value`` (the value's text is where its first code kept it)."""
    if last is None or not any(d.code == "truncated" for d in report.found):
        return
    for index, found in enumerate(report.found):
        if found.line == last and found.code in _CUT_VALUE_CODES:
            report.found[index] = attrs.evolve(
                found,
                code="truncated-value",
                message=f"the page ends inside this line ({found.code}: {found.message})",
            )


def _with_duplicates_last(
    sections: list[Section], extractors: Mapping[str, object]
) -> list[Section]:
    """Order sections for extraction; when a heading repeats, the first copy with content is
    the one read (a scrape can repeat a heading with nothing under it)."""
    chosen: dict[str, Section] = {}
    filled: set[str] = set()  # the names whose chosen copy has content
    for section in sections:
        name: str = section.name  # type: ignore[assignment]
        if name in filled:
            continue
        content = section.has_text()
        if content or name not in chosen:
            chosen[name] = section
            if content:
                filled.add(name)
    first = [chosen[name] for name in extractors if name in chosen]  # in extraction order
    return first + [s for s in sections if chosen[s.name] is not s]  # type: ignore[index]


def _keep_unknown(
    section: Section, extra: dict[str, list[Line]], report: Diagnostics, kind: PageKind
) -> None:
    """An unknown section is kept under its heading; a heading that comes again adds itself
    and its lines to the same entry (so that rendering writes it back as it was, and
    reading that again gives the same entry)."""
    heading = section.heading or f"line {section.start_line}"
    kept = extra.get(heading)
    if kept is None:
        kept = extra[heading] = []
    elif section.heading is not None:
        # The heading came again: its line is kept among the lines, where it stood.
        kept.append(new.line(number=section.start_line, text=heading, page=kind))
    kept += [
        new.line(number=number, text=text, page=kind) for number, text in section.lines if text
    ]
    if report.count_only("unknown-section", section.start_line, Level.INFO):
        return
    report(
        "unknown-section",
        f"unknown section {heading!r} kept in extra_sections",
        line=section.start_line,
        level=Level.INFO,
    )


def _check_page(
    sections: list[Section],
    shape: PageShape,
    ctx: Context,
    report: Diagnostics,
    reader: PageReader,
    last_line: int,
) -> None:
    fields = ctx.fields
    first_line = next((n for s in sections for n, t in s.lines if t), None)
    if "nct_id" not in fields:
        report("missing-nct-id", "the page has no NCT ID line", line=first_line, level=Level.ERROR)
    if "title" not in fields and sections[0].nonblank():
        report("missing-title", "the page has no title line", line=first_line, level=Level.WARNING)
    for section in sections:
        problem = _heading_problem(section)
        if problem is not None:
            code, message = problem
            report(code, message, line=section.start_line, level=Level.INFO, section=section.name)
    if len(sections) > 1 or fields:
        cut = _helper_cut_at_end(sections, last_line) or reader.where_cut(sections, shape, ctx)
        if cut is not None:
            report(
                "truncated",
                f"the page ends {cut}: it was probably cut",
                line=_last_line(sections),
                level=Level.WARNING,
            )


def _helper_cut_at_end(sections: list[Section], last: int) -> str | None:
    """Where a page that ends inside a helper sentence ends (the splitter told it cut)."""
    for section in sections:
        if section.helper_cut and section.helper_line == last:
            return f"inside the helper sentence of {section.heading!r}"
    return None


def _heading_problem(section: Section) -> tuple[str, str] | None:
    """What is wrong with a section's heading line: (code, message), or None."""
    if section.name not in (None, HEADER_SECTION) and section.heading is None:
        return (
            "missing-heading",
            f"the heading of {section.name!r} is missing; found by its helper sentence",
        )
    if section.glued:
        return (
            "glued-heading",
            f"heading {section.heading!r} was run together with the previous line",
        )
    return None


def _last_line(sections: list[Section]) -> int | None:
    """The number of the page's last non-blank line (sections and lines are in page order)."""
    for section in reversed(sections):
        for number, text in reversed(section.lines):
            if text:
                return number
    return None
