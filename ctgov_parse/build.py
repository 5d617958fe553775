"""Assemble a Trial from a page: tell its kind, split it, extract every section, account
for every line.

The kind of page (a trial page, or a results page, whose first line is ``Trial Outcomes &
Findings for ...``) picks a ``PageReader``: its extractor table, its context and its own
rule for when a page is whole. Everything else is shared: the splitter, the reporting
policy (``diagnose``: lenient collects, strict raises), unknown sections, and the account
of every line that no field took.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ctgov_parse import grammar
from ctgov_parse.decode import Note, decode_page
from ctgov_parse.diagnose import Diagnostics
from ctgov_parse.errors import ParseError
from ctgov_parse.extract import EXTRACTION_ORDER, EXTRACTORS, Context
from ctgov_parse.extract.common import PageReader
from ctgov_parse.model import Level, Line, PageKind, PageShape, Trial, new
from ctgov_parse.results.build import RESULTS_READER
from ctgov_parse.split import Section, split_page

__all__ = ["MAX_PAGE_BYTES", "TRIAL_READER", "check_page_size", "parse", "parse_file"]


MAX_PAGE_BYTES = 8 * 1024 * 1024  # the biggest real pages are well under 1 MB


def check_page_size(size: int, max_page_bytes: int) -> None:
    """``ParseError`` (``page-too-large``) for a page of ``size`` bytes over the limit."""
    if size > max_page_bytes:
        raise ParseError(
            f"the page is {size:,} bytes, over the limit of {max_page_bytes:,} (max_page_bytes)",
            code="page-too-large",
        )


def _utf8_size(text: str, limit: int) -> int:
    """The UTF-8 size of ``text``, computed only when its length leaves it in doubt."""
    if len(text) > limit or 4 * len(text) <= limit:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def parse(
    text: str | bytes, *, strict: bool = False, max_page_bytes: int = MAX_PAGE_BYTES
) -> Trial:
    """Parse one page (a trial page or a results page) into a ``Trial``.

    ``text`` is the page as ``str`` or ``bytes`` (decoded by ``ctgov_parse.decode``'s
    rules: a byte-order mark decides, else UTF-8, else Windows-1252 with a warning). Lenient
    by default: defects are recorded in ``Trial.diagnostics``. With ``strict=True`` the
    first defect of WARNING or ERROR level raises ``ParseError`` naming its line and field.
    Bytes that are not text, and a page over ``max_page_bytes``, always raise
    ``ParseError`` (``undecodable-input``, ``page-too-large``). ``Trial.page_kind`` says
    which kind of page it was; a results page's tables are in ``Trial.results``.
    """
    notes: tuple[Note, ...] = ()
    if isinstance(text, bytes | bytearray | memoryview):
        data = bytes(text)
        check_page_size(len(data), max_page_bytes)
        text, _, notes = decode_page(data)
    elif isinstance(text, str):
        check_page_size(_utf8_size(text, max_page_bytes), max_page_bytes)
    else:
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    if not text.strip():
        report = Diagnostics(strict)
        _report_notes(report, notes)
        report("empty-input", "the page is empty", line=None, level=Level.ERROR)
        return Trial(diagnostics=report.all())
    with collector_paused():
        return _parse_text(text, strict, notes)


def _report_notes(report: Diagnostics, notes: tuple[Note, ...]) -> None:
    for note in notes:
        report(note.code, note.message, line=note.line, level=Level.WARNING)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a page is parsed (or its table rows made).
    A page makes many small tuples and no reference cycles; on a page of wreckage (a million
    short lines) the collector's passes over them were a third of the time, and over a batch
    of table rows 40% of the time taken to make them."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _parse_text(text: str, strict: bool, notes: tuple[Note, ...]) -> Trial:
    page = split_page(text)
    sections, shape, kind = page.sections, page.shape, page.kind
    reader = _READERS[kind]
    report = Diagnostics(strict, kind)
    _report_notes(report, notes)
    ctx = reader.context(report)
    ctx.section = grammar.HEADER_SECTION
    extra: dict[str, list[Line]] = {}
    seen: set[str] = set()
    known = _with_duplicates_last(
        [section for section in sections if section.name in reader.extractors], reader.order
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
        reader.extractors[name](section, ctx)
    _check_page(sections, shape, ctx, report, reader)
    unparsed = tuple(
        new.line(number=number, text=text, section=name, page=kind)
        for number, text, name in sorted(ctx.leftovers)
    )
    for line in unparsed:
        if report.count_only("unparsed-line", line.number):
            continue
        report(
            "unparsed-line",
            f"line not used by any field: {line.text.strip()[:80]!r}",
            line=line.number,
            level=Level.WARNING,
            section=line.section,
        )
    fields: dict[str, Any] = {key: value for key, value in ctx.fields.items() if value is not None}
    fields.update(reader.finish(ctx))
    fields["extra_sections"] = {heading: tuple(lines) for heading, lines in extra.items()}
    fields["raw"] = ctx.raw
    fields["diagnostics"] = report.all()
    fields["unparsed"] = unparsed
    fields["page_shape"] = shape
    fields["page_kind"] = kind
    return new.from_fields(Trial, fields)


def _with_duplicates_last(sections: list[Section], order: Mapping[str, int]) -> list[Section]:
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
    ranked = sorted((order[name], index, name) for index, name in enumerate(chosen))
    first = [chosen[name] for _, _, name in ranked]
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
) -> None:
    fields = ctx.fields
    first_line = next((n for s in sections for n, t in s.lines if t), None)
    if "nct_id" not in fields:
        report("missing-nct-id", "the page has no NCT ID line", line=first_line, level=Level.ERROR)
    if "title" not in fields and sections[0].nonblank():
        report("missing-title", "the page has no title line", line=first_line, level=Level.WARNING)
    for section in sections:
        if section.name not in (None, grammar.HEADER_SECTION) and section.heading is None:
            report(
                "missing-heading",
                f"the heading of {section.name!r} is missing; found by its helper sentence",
                line=section.start_line,
                level=Level.INFO,
                section=section.name,
            )
        elif section.glued:
            report(
                "glued-heading",
                f"heading {section.heading!r} was run together with the previous line",
                line=section.start_line,
                level=Level.INFO,
                section=section.name,
            )
    if len(sections) > 1 or fields:
        cut = reader.where_cut(sections, shape, ctx)
        if cut is not None:
            report(
                "truncated",
                f"the page ends {cut}: it was probably cut",
                line=_last_line(sections),
                level=Level.WARNING,
            )


def _last_line(sections: list[Section]) -> int | None:
    """The number of the page's last non-blank line (sections and lines are in page order)."""
    for section in reversed(sections):
        for number, text in reversed(section.lines):
            if text:
                return number
    return None


def _where_cut(sections: list[Section], shape: PageShape, ctx: Context) -> str | None:
    """Why the page looks cut, or None when it ends where its own order says it ends.

    A labelled page closes with its related trials. Compact scrapes put the related trials
    right after the summary (the section before them is the summary or earlier): such a
    page, or a compact page without them, closes with its identifiers. The closing section
    must be whole: its helper sentence there, and its last entry complete (a related trial
    with its NCT id, an identifier with its type and source lines).
    """
    known = [s for s in sections if s.name in EXTRACTORS and s.name != "header"]
    if not known:
        return "after its header"
    names = [s.name for s in known]
    order = "labelled"
    if "related_trials" in names:
        at = names.index("related_trials")
        before = names[at - 1] if at else "header"
        if at < len(names) - 1 or before in _BEFORE_EARLY_RELATED:
            order = "compact"
    elif shape is PageShape.COMPACT:
        order = "compact"
    last = grammar.LAST_SECTION[order]
    if names[-1] != last:
        return f"before its last section ({grammar.SECTION_BY_NAME[last].headings[0]})"
    if known[-1].helper_line is None:
        return "inside its last section, before its helper sentence"
    if last == "related_trials":
        related = ctx.fields.get("related_trials", ())
        if related and related[-1].nct_id is None:
            return "inside its last related trial (no NCT id)"
    elif not ctx.facts.get("last_identifier_whole", False):
        return "inside its identifiers (every registration has one, with type and source)"
    return None


# Sections that stand before the related trials when a compact scrape moves them up.
_BEFORE_EARLY_RELATED = frozenset(
    grammar.SECTION_ORDER["compact"][: grammar.SECTION_ORDER["compact"].index("related_trials")]
)


TRIAL_READER = PageReader(
    kind=PageKind.TRIAL,
    extractors=EXTRACTORS,
    order=EXTRACTION_ORDER,
    context=Context,
    where_cut=_where_cut,
    finish=lambda ctx: {},
)
_READERS: Mapping[PageKind, PageReader] = {
    PageKind.TRIAL: TRIAL_READER,
    PageKind.RESULTS: RESULTS_READER,
}


def parse_file(
    path: str | os.PathLike[str], *, strict: bool = False, max_page_bytes: int = MAX_PAGE_BYTES
) -> Trial:
    """Read and parse one page file (``.gz`` files are decompressed, never past the limit)."""
    path = Path(path)
    try:
        with gzip.open(path) if path.suffix == ".gz" else path.open("rb") as stream:
            data = stream.read(max_page_bytes + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise ParseError(f"cannot read {path}: {error}", code="unreadable-file") from None
    if len(data) > max_page_bytes:
        raise ParseError(
            f"{path} is over the page limit of {max_page_bytes:,} bytes (max_page_bytes)",
            code="page-too-large",
        )
    return parse(data, strict=strict, max_page_bytes=max_page_bytes)
