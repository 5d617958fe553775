"""Section splitter: page text -> ordered sections. Knows headings, not fields.

Strategy: one pass over the lines. A line is a known heading when it equals one (a dict
lookup). Helper sentences are recognized by their first characters (a dict lookup), and they
also reveal what the compact shape hides: when a helper follows a line that is not its
heading, that line ends with the heading run together with earlier text (``...full
resultsBasic Information``), or the heading is missing. An unknown section is a short Title
Case line followed by a sentence shaped like a helper sentence. Blank lines are kept inside
sections (as empty text) because paragraph breaks in free text matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import attrs
import regex

from ctgov_parse import grammar
from ctgov_parse.grammar import SectionSpec

__all__ = ["PageChunk", "Section", "clean_lines", "split_dump", "split_sections"]

NumberedLine = tuple[int, str]


@attrs.frozen(kw_only=True)
class Section:
    """A run of page lines under one heading.

    ``name`` is the canonical section name (``header`` for the lines before the first
    heading, ``None`` for an unknown heading); ``heading`` the heading text as seen (``None``
    when the page lost it); ``start_line`` the line of the heading (or of the first line);
    ``lines`` the content lines with their numbers, blank lines as empty text, heading and
    helper sentence excluded; ``helper_line`` where the helper sentence stood; ``glued`` is
    true when the heading was run together with the previous line.
    """

    name: str | None
    heading: str | None
    start_line: int
    lines: tuple[NumberedLine, ...]
    helper_line: int | None = None
    glued: bool = False

    def nonblank(self) -> list[NumberedLine]:
        return [line for line in self.lines if line[1]]


def clean_lines(text: str) -> list[str]:
    """Split text into lines: LF, CRLF or CR endings, no BOM, NBSP read as a space, trailing
    whitespace removed (leading indentation is kept: criteria nesting depends on it)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    return [line.rstrip() for line in text.split("\n")]


def match_helper(stripped: str) -> SectionSpec | None:
    """The section whose helper sentence ``stripped`` is, if any."""
    candidates = grammar.HELPER_BY_KEY.get(stripped[: grammar.HELPER_KEY_LENGTH])
    if candidates:
        for prefix, spec in candidates:
            if stripped.startswith(prefix):
                return spec
    return None


def _looks_like_helper(stripped: str) -> bool:
    if not stripped.endswith(".") or len(stripped) > 300:
        return False
    first_word = stripped.split(" ", 1)[0]
    if first_word not in grammar.HELPER_OPENING_WORDS:
        return False
    lowered = stripped.lower()
    return "trial" in lowered or "study" in lowered


class _Builder:
    """Accumulates the sections of one page; kept tiny because it runs for every line."""

    __slots__ = ("glued", "heading", "helper_line", "lines", "name", "start")

    def __init__(self, name: str | None, heading: str | None, start: int, glued: bool) -> None:
        self.name = name
        self.heading = heading
        self.start = start
        self.glued = glued
        self.lines: list[NumberedLine] = []
        self.helper_line: int | None = None

    def freeze(self) -> Section:
        return Section(
            name=self.name,
            heading=self.heading,
            start_line=self.start,
            lines=tuple(self.lines),
            helper_line=self.helper_line,
            glued=self.glued,
        )

    def last_nonblank_index(self) -> int | None:
        for index in range(len(self.lines) - 1, -1, -1):
            if self.lines[index][1]:
                return index
        return None


def split_sections(text: str) -> list[Section]:
    """Cut page text into sections, in page order; the first is always ``header``."""
    return list(_iter_sections(clean_lines(text)))


def _iter_sections(lines: list[str]) -> Iterator[Section]:
    current = _Builder(grammar.HEADER_SECTION, None, 1, False)
    results_page = False
    first_content = True
    for index, line in enumerate(lines):
        number = index + 1
        if not line:
            current.lines.append((number, ""))
            continue
        stripped = line.lstrip()
        if first_content:
            first_content = False
            results_page = grammar.RESULTS_PAGE_TITLE.match(stripped) is not None
        spec = grammar.SECTION_BY_HEADING.get(stripped)
        if spec is not None:
            yield current.freeze()
            current = _Builder(spec.name, stripped, number, False)
            continue
        if results_page and stripped in _RESULTS_HEADINGS:
            yield current.freeze()
            current = _Builder(None, stripped, number, False)
            continue
        helper_spec = match_helper(stripped)
        if helper_spec is not None:
            if current.name == helper_spec.name and current.helper_line is None:
                current.helper_line = number
                continue
            current = yield from _start_at_helper(current, helper_spec, number)
            continue
        if _looks_like_helper(stripped):
            previous = current.last_nonblank_index()
            if previous is not None:
                heading_number, heading_text = current.lines[previous]
                heading_text = heading_text.strip()
                if grammar.looks_like_heading(heading_text):
                    del current.lines[previous:]
                    yield current.freeze()
                    current = _Builder(None, heading_text, heading_number, False)
                    current.lines.append((number, line))
                    continue
        current.lines.append((number, line))
    yield current.freeze()


def _start_at_helper(current: _Builder, spec: SectionSpec, number: int) -> Iterator[Section]:
    """A helper sentence without its heading right above: find the heading glued to the end
    of the previous line, or start the section without a heading."""
    previous = current.last_nonblank_index()
    if previous is not None:
        line_number, text = current.lines[previous]
        for heading in spec.headings:
            if text.endswith(heading) and text != heading:
                before = text[: -len(heading)].rstrip()
                del current.lines[previous + 1 :]
                current.lines[previous] = (line_number, before)
                yield current.freeze()
                builder = _Builder(spec.name, heading, line_number, True)
                builder.helper_line = number
                return builder
    yield current.freeze()
    builder = _Builder(spec.name, None, number, False)
    builder.helper_line = number
    return builder


_RESULTS_HEADINGS = frozenset(grammar.RESULTS_HEADINGS)


# --- dumps -> pages -----------------------------------------------------------------------------

# Lines that can open a page, searched in raw bytes so that a page with undecodable bytes
# is still cut out whole (and then fails alone).
_PAGE_MARK = regex.compile(
    rb"^(?:(?P<nct>NCT ID:)|(?P<results>Trial Outcomes & Findings for )"
    rb"|(?P<study>Study Results)[ \t\r]*$)",
    regex.MULTILINE,
)
_BLOCK_SIZE = 1 << 20


@attrs.frozen
class PageChunk:
    """One page cut from a dump: its bytes, byte offset and first line number in the dump."""

    data: bytes
    offset: int
    line: int


def split_dump(stream: BinaryIO, *, block_size: int = _BLOCK_SIZE) -> Iterator[PageChunk]:
    """Cut a stream of pages written back to back into pages, reading it block by block.

    A page starts:

    - at its title line, the last non-blank line above an ``NCT ID:`` line, when the page
      being read already has an ``NCT ID:`` line or a ``Study Results`` heading;
    - at a ``Trial Outcomes & Findings for`` line (a results page);
    - at a ``Study Results`` line when the page being read already has one or is a results
      page (which has none): a compact page that lost its title and id lines.

    Limits: a page that lost both its title and ``NCT ID:`` lines and its ``Study Results``
    heading cannot be told from the end of the page before it and stays joined to it; a page
    that lost only its title takes the previous page's last line as its title. Line endings
    must be LF or CRLF (CR-only text is one line to this search).
    """
    buffer = b""
    base_offset, base_line = 0, 1  # of buffer[0]
    page_start = 0  # in buffer
    scanned = 0
    seen_nct = seen_study = results_page = False
    while True:
        block = stream.read(block_size)
        buffer += block
        limit = len(buffer) if not block else buffer.rfind(b"\n") + 1
        for mark in _PAGE_MARK.finditer(buffer, scanned, limit):
            kind = mark.lastgroup
            boundary = None
            if kind == "results":
                boundary = mark.start()
            elif kind == "study":
                boundary = mark.start() if seen_study or results_page else None
                seen_study = True
            elif seen_nct or seen_study:
                boundary = _title_start(buffer, page_start, mark.start())
            if boundary is not None and boundary > page_start:
                chunk = buffer[page_start:boundary]
                if chunk.strip():
                    yield PageChunk(chunk, base_offset + page_start, base_line)
                base_line += chunk.count(b"\n")
                page_start = boundary
                seen_study = kind == "study"
                seen_nct = results_page = False
            if kind == "nct":
                seen_nct = True
            elif kind == "results":
                seen_nct = seen_study = False
                results_page = True
        scanned = max(limit, page_start)
        if not block:
            break
        # Keep only the page being read: memory stays at one page plus one block.
        buffer = buffer[page_start:]
        base_offset += page_start
        scanned -= page_start
        page_start = 0
    chunk = buffer[page_start:]
    if chunk.strip():
        yield PageChunk(chunk, base_offset + page_start, base_line)


def _title_start(buffer: bytes, floor: int, nct_line: int) -> int | None:
    """Where the title line above an ``NCT ID:`` line begins (the last non-blank line)."""
    end = nct_line
    while end > floor:
        start = buffer.rfind(b"\n", floor, end - 1) + 1
        if start <= floor:
            start = floor
        if buffer[start:end].strip():
            return start
        end = start
    return None
