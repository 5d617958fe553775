"""Section splitter: page text -> ordered sections; dump -> pages. Knows headings, not fields.

Strategy: one compiled pattern (``grammar.CANDIDATE_LINE``) finds the few lines that matter,
headings, helper sentences and helper-shaped sentences, with a group naming the section;
the lines between them are moved into the current section in bulk. Helper sentences also
reveal what the compact shape hides: when a helper follows a line that is not its heading,
that line ends with the heading run together with earlier text (``...full resultsBasic
Information``), or the heading is missing. An unknown section is a short Title Case line
followed by a sentence shaped like a helper sentence. Blank lines are kept inside sections
(as empty text) because paragraph breaks in free text matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import BinaryIO, NamedTuple

import attrs

from ctgov_parse import grammar
from ctgov_parse.grammar import SectionSpec
from ctgov_parse.model import PageKind, PageShape
from ctgov_parse.results import grammar as results_grammar

__all__ = [
    "PageChunk",
    "Section",
    "SplitPage",
    "clean_lines",
    "split_dump",
    "split_page",
    "split_sections",
]

NumberedLine = tuple[int, str]


class Section(NamedTuple):
    """A run of page lines under one heading.

    ``name`` is the canonical section name (``header`` for the lines before the first
    heading, ``None`` for an unknown heading); ``heading`` the heading text as seen (``None``
    when the page lost it); ``start_line`` the line of the heading (or of the first line);
    ``lines`` the content lines with their numbers, blank lines as empty text, heading and
    helper sentence excluded; ``helper_line`` where the helper sentence stood and ``helper``
    its text; ``glued`` is true when the heading was run together with the previous line.
    (A named tuple, not an attrs record: the splitter makes a score of these per page, and
    tuples are built in C.)
    """

    name: str | None
    heading: str | None
    start_line: int
    lines: tuple[NumberedLine, ...]
    helper_line: int | None = None
    glued: bool = False
    helper: str | None = None

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
    match = grammar.CANDIDATE_LINE.match("\n" + stripped)
    return grammar.HELPER_GROUPS.get(match.lastgroup) if match else None  # type: ignore[arg-type]


def _looks_like_helper(stripped: str) -> bool:
    if not stripped.endswith(".") or len(stripped) > 300:
        return False
    first_word = stripped.split(" ", 1)[0]
    if first_word not in grammar.HELPER_OPENING_WORDS:
        return False
    lowered = stripped.lower()
    return "trial" in lowered or "study" in lowered


class SplitPage(NamedTuple):
    """A page cut into its sections, its kind (trial or results page) and its shape."""

    sections: list[Section]
    shape: PageShape
    kind: PageKind


def split_sections(text: str) -> list[Section]:
    """Cut page text into sections, in page order; the first is always ``header``."""
    return split_page(text).sections


def split_page(text: str) -> SplitPage:
    """Cut page text into sections, in page order (the first is always ``header``), and
    tell its shape: labelled pages put a blank line after every heading, helper and
    value, compact scrapes have none (blank lines at the very end do not count)."""
    lines = clean_lines(text)
    # Every line, the first too, follows a newline in the searched text; only candidate
    # lines (headings, helper sentences, helper-shaped sentences) are looked at one by one,
    # the lines between them are moved in bulk.
    joined = "\n" + "\n".join(lines)
    end = len(joined)
    while end and joined[end - 1] == "\n":  # blank lines at the very end do not count
        end -= 1
    blank_lines = joined.count("\n\n", 0, end)
    first = next((line.lstrip() for line in lines if line), "")
    results_page = first.startswith(results_grammar.TITLE_PREFIX)
    sections: list[Section] = []
    name: str | None = grammar.HEADER_SECTION
    heading: str | None = None
    start, helper_line, glued, helper = 1, None, False, None
    body: list[NumberedLine] = []
    numbered = list(enumerate(lines, start=1))
    position = line_index = done = 0

    for match in grammar.CANDIDATE_LINE.finditer(joined):
        start_at = match.start()
        line_index += joined.count("\n", position, start_at)
        position = start_at
        index = line_index
        if index > done:
            body += numbered[done:index]
        done = index + 1
        number, line = index + 1, lines[index]
        kind = match.lastgroup
        if kind == "heading" or (kind == "results" and results_page):
            sections.append(Section(name, heading, start, tuple(body), helper_line, glued, helper))
            heading = line.lstrip()
            spec = grammar.SECTION_BY_HEADING.get(heading)
            name = spec.name if spec is not None else None
            if kind == "results":
                name = results_grammar.SECTION_BY_HEADING[heading]
            start, helper_line, glued, helper, body = number, None, False, None, []
            continue
        spec = grammar.HELPER_GROUPS.get(kind)  # type: ignore[arg-type]
        if spec is not None:
            if name == spec.name and helper_line is None:
                helper_line, helper = number, line.strip()
                continue
            # A helper without its heading above: the heading is run together with the
            # end of the previous line, or the page lost it. Lines that the section puts
            # above its helper (Study Results' status line) belong to it either way.
            at = _own_lines_start(body, spec)
            glued_at = _glued_heading(body, spec, at)
            if glued_at is not None:
                glued_index, line_number, before, glued_heading = glued_at
                own = body[glued_index + 1 :]
                body[glued_index:] = [(line_number, before)]
                sections.append(
                    Section(name, heading, start, tuple(body), helper_line, glued, helper)
                )
                name, heading, start, glued = spec.name, glued_heading, line_number, True
            else:
                own = body[at:]
                del body[at:]
                sections.append(
                    Section(name, heading, start, tuple(body), helper_line, glued, helper)
                )
                name, heading, start, glued = spec.name, None, own[0][0] if own else number, False
            helper_line, helper, body = number, line.strip(), own
            continue
        if kind == "shaped" and _looks_like_helper(line.lstrip()):
            previous = _last_nonblank(body)
            if previous is not None:
                heading_number, heading_text = body[previous]
                heading_text = heading_text.strip()
                if grammar.looks_like_heading(heading_text):
                    del body[previous:]
                    sections.append(
                        Section(name, heading, start, tuple(body), helper_line, glued, helper)
                    )
                    name, heading, start, helper_line, glued, helper = (
                        None, heading_text, heading_number, None, False, None
                    )  # fmt: skip
                    body = [(number, line)]
                    continue
        body.append((number, line))
    if done < len(lines):
        body += numbered[done:]
    sections.append(Section(name, heading, start, tuple(body), helper_line, glued, helper))
    labelled = blank_lines and 2 * blank_lines >= len(sections)
    shape = PageShape.LABELLED if labelled else PageShape.COMPACT
    return SplitPage(sections, shape, PageKind.RESULTS if results_page else PageKind.TRIAL)


def _last_nonblank(body: Sequence[NumberedLine]) -> int | None:
    for index in range(len(body) - 1, -1, -1):
        if body[index][1]:
            return index
    return None


def _own_lines_start(body: Sequence[NumberedLine], spec: SectionSpec) -> int:
    """Where the lines that ``spec`` puts above its helper sentence begin at the end of
    ``body`` (``len(body)`` when there are none)."""
    own = grammar.LINES_ABOVE_HELPER.get(spec.name)
    at = len(body)
    if own:
        previous = _last_nonblank(body)
        if previous is not None and body[previous][1].strip() in own:
            at = previous
    return at


def _glued_heading(
    body: Sequence[NumberedLine], spec: SectionSpec, end: int
) -> tuple[int, int, str, str] | None:
    """Where ``spec``'s heading ends the last non-blank line before ``body[end]``: (index,
    number, text before, heading), or None."""
    previous = _last_nonblank(body[:end])
    if previous is None:
        return None
    line_number, text = body[previous]
    for heading in spec.headings:
        if text.endswith(heading) and text != heading:
            return previous, line_number, text[: -len(heading)].rstrip(), heading
    return None


# --- dumps -> pages -----------------------------------------------------------------------------

# Lines that can open a page, searched in raw bytes so that a page with undecodable bytes
# is still cut out whole (and then fails alone).
# The pattern starts with a literal newline so that the search jumps from line to line
# (a line-anchored pattern tries every byte); the buffer searched always keeps the newline
# before its first line.
_PAGE_MARK = re.compile(
    rb"\n(?:(?P<nct>NCT ID:)|(?P<results>Trial Outcomes & Findings for )"
    rb"|(?P<study>Study Results)[ \t\r]*(?=\n|\Z))"
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
    buffer = b"\n"  # a newline before the first line, as before every other line
    base_offset, base_line = -1, 1  # stream offset of buffer[0]; line number of page_start
    page_start = 1  # in buffer
    scanned = 0
    seen_nct = seen_study = results_page = False
    while True:
        block = stream.read(block_size)
        buffer += block
        # Search only complete lines: up to the last newline, or everything at the end.
        limit = len(buffer) if not block else buffer.rfind(b"\n")
        for mark in _PAGE_MARK.finditer(buffer, scanned, limit):
            kind = mark.lastgroup
            line_start = mark.start() + 1
            boundary = None
            if kind == "results":
                boundary = line_start
            elif kind == "study":
                boundary = line_start if seen_study or results_page else None
                seen_study = True
            elif seen_nct or seen_study:
                boundary = _title_start(buffer, page_start, line_start)
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
        scanned = max(limit, page_start - 1)
        if not block:
            break
        # Keep only the page being read (and the newline before it): memory stays at one
        # page plus one block.
        cut = page_start - 1
        buffer = buffer[cut:]
        base_offset += cut
        scanned -= cut
        page_start = 1
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
