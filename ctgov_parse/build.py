"""Assemble a Trial from a page: split, extract every section, account for every line.

This is the one place where the two behaviours part: a defect is reported through one
function, which in lenient mode appends a ``Diagnostic`` and in strict mode raises
``ParseError`` (WARNING and ERROR levels; INFO never raises).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

from ctgov_parse import grammar
from ctgov_parse.errors import ParseError
from ctgov_parse.extract import EXTRACTION_ORDER, EXTRACTORS, Context
from ctgov_parse.model import Diagnostic, Level, Line, PageShape, Trial
from ctgov_parse.split import Section, split_page

__all__ = ["decode", "parse", "parse_file"]


class _Diagnostics:
    """The reporting policy of one parse: collect (lenient) or raise (strict)."""

    __slots__ = ("found", "strict")

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.found: list[Diagnostic] = []

    def __call__(
        self,
        code: str,
        message: str,
        *,
        line: int | None,
        level: Level = Level.WARNING,
        section: str | None = None,
        field: str | None = None,
    ) -> None:
        if self.strict and level is not Level.INFO:
            raise ParseError(message, code=code, line=line, section=section, field=field)
        self.found.append(
            Diagnostic(
                code=code, message=message, line=line, level=level, section=section, field=field
            )
        )


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is allowed); anything else is a ``ParseError`` naming the byte offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(
            f"input is not UTF-8: byte {error.start} ({data[error.start : error.start + 1]!r})",
            code="undecodable-input",
            line=line,
        ) from None


def parse(text: str | bytes, *, strict: bool = False) -> Trial:
    """Parse one trial page into a ``Trial``.

    ``text`` is the page as ``str`` or UTF-8 ``bytes``. Lenient by default: defects are
    recorded in ``Trial.diagnostics``. With ``strict=True`` the first defect of WARNING or
    ERROR level raises ``ParseError`` naming its line and field. Undecodable bytes always
    raise ``ParseError``.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        text = decode(bytes(text))
    elif not isinstance(text, str):
        raise TypeError(f"parse() takes str or bytes, not {type(text).__name__}")
    report = _Diagnostics(strict)
    if not text.strip():
        report("empty-input", "the page is empty", line=None, level=Level.ERROR)
        return Trial(diagnostics=tuple(report.found))
    sections, shape = split_page(text)
    ctx = Context(report)
    ctx.section = grammar.HEADER_SECTION
    extra: dict[str, tuple[Line, ...]] = {}
    seen: set[str] = set()
    known = _with_duplicates_last([section for section in sections if section.name in EXTRACTORS])
    for section in sections:
        if section.name is None:
            _keep_unknown(section, extra, report)
    for section in known:
        name: str = section.name  # type: ignore[assignment]
        if name in seen:
            report(
                "duplicate-section",
                f"section {section.heading!r} appears again; only one copy is read",
                line=section.start_line,
                level=Level.WARNING,
                section=name,
            )
            ctx.keep(section.lines)
            continue
        seen.add(name)
        ctx.section = name
        EXTRACTORS[name](section, ctx)
    _check_page(sections, shape, ctx, report)
    unparsed = tuple(
        Line(number=number, text=text, section=name) for number, text, name in sorted(ctx.leftovers)
    )
    for line in unparsed:
        report(
            "unparsed-line",
            f"line not used by any field: {line.text.strip()[:80]!r}",
            line=line.number,
            level=Level.WARNING,
            section=line.section,
        )
    fields: dict[str, Any] = {key: value for key, value in ctx.fields.items() if value is not None}
    return Trial(
        **fields,
        extra_sections=extra,
        raw=ctx.raw,
        diagnostics=tuple(report.found),
        unparsed=unparsed,
        page_shape=shape,
    )


def _with_duplicates_last(sections: list[Section]) -> list[Section]:
    """Order sections for extraction; when a heading repeats, the first copy with content is
    the one read (a scrape can repeat a heading with nothing under it)."""
    chosen: dict[str, Section] = {}
    for section in sections:
        name: str = section.name  # type: ignore[assignment]
        if name not in chosen or (not chosen[name].nonblank() and section.nonblank()):
            chosen[name] = section
    first = sorted(chosen.values(), key=lambda s: EXTRACTION_ORDER[s.name])  # type: ignore[index]
    return first + [s for s in sections if chosen[s.name] is not s]  # type: ignore[index]


def _keep_unknown(
    section: Section, extra: dict[str, tuple[Line, ...]], report: _Diagnostics
) -> None:
    heading = section.heading or f"line {section.start_line}"
    key, suffix = heading, 2
    while key in extra:
        key, suffix = f"{heading} ({suffix})", suffix + 1
    extra[key] = tuple(Line(number=number, text=text) for number, text in section.lines if text)
    report(
        "unknown-section",
        f"unknown section {heading!r} kept in extra_sections",
        line=section.start_line,
        level=Level.INFO,
    )


def _check_page(
    sections: list[Section], shape: PageShape, ctx: Context, report: _Diagnostics
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
    is_results_page = "header" in ctx.raw
    if not is_results_page and (len(sections) > 1 or fields):
        cut = _where_cut(sections, shape, ctx)
        if cut is not None:
            report(
                "truncated",
                f"the page ends {cut}: it was probably cut",
                line=max((n for s in sections for n, t in s.lines if t), default=None),
                level=Level.WARNING,
            )


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


def parse_file(path: str | os.PathLike[str], *, strict: bool = False) -> Trial:
    """Read and parse one page file (``.gz`` files are decompressed)."""
    path = Path(path)
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise ParseError(f"cannot read {path}: {error}", code="unreadable-file") from None
    return parse(data, strict=strict)
