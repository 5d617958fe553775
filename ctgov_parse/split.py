"""Section splitter: page text -> ordered sections. Knows headings, not fields.

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

from collections.abc import Sequence
from typing import NamedTuple

from ctgov_parse import grammar
from ctgov_parse.grammar import SectionSpec
from ctgov_parse.model import PageKind, PageShape
from ctgov_parse.results import grammar as results_grammar

__all__ = [
    "Section",
    "SplitPage",
    "clean_lines",
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
    return grammar.HELPER_BY_PREFIX[match["helper"]] if match and match["helper"] else None


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
        if kind == "helper":
            spec = grammar.HELPER_BY_PREFIX[match["helper"]]
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
