"""Section splitter: page text -> ordered sections. Knows headings, not fields: its caller
tells it the headings and helper sentences of the page's kind (``Headings``).

Strategy: one pass over the lines; a line's first character rules most lines out (content
rarely starts like a heading), and the few that remain are looked up whole (headings), by
their beginning (helper sentences) or by their shape (helper-shaped sentences). Helper
sentences also reveal what the compact shape hides: when a helper follows a line that is
not its heading, that line ends with the heading run together with earlier text
(``...full resultsBasic Information``), or the heading is missing. An unknown section is a
short Title Case line followed by a sentence shaped like a helper sentence. Blank lines are
kept inside sections (as empty text) because paragraph breaks in free text matter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ctgov_parse.model import PageShape
from ctgov_parse.page.grammar import (
    HEADER_SECTION,
    HELPER_OPENING_WORDS,
    SectionSpec,
    looks_like_heading,
)

__all__ = [
    "Headings",
    "NumberedLine",
    "Section",
    "SplitPage",
    "clean_lines",
    "last_line_number",
    "split_lines",
    "split_page",
]

NumberedLine = tuple[int, str]
"""A page line with its number (1-based): every reader of page lines takes these."""


class Section:
    """A run of page lines under one heading.

    ``name`` is the canonical section name (``header`` for the lines before the first
    heading, ``None`` for an unknown heading); ``heading`` the heading text as seen (``None``
    when the page lost it); ``start_line`` the line of the heading (or of the first line);
    ``lines`` the content lines with their numbers, blank lines as empty text, heading and
    helper sentence excluded; ``helper_line`` where the helper sentence stood and ``helper``
    its text; ``glued`` is true when the heading was run together with the previous line;
    ``helper_cut`` when its helper sentence was cut short.
    (A plain class, not an attrs record: the splitter makes a score of these per page, and
    compiled, a plain class is made in a few nanoseconds.)
    """

    __slots__ = (
        "glued",
        "heading",
        "helper",
        "helper_cut",
        "helper_line",
        "lines",
        "name",
        "start_line",
    )

    def __init__(
        self,
        name: str | None,
        heading: str | None,
        start_line: int,
        lines: tuple[NumberedLine, ...],
        helper_line: int | None = None,
        glued: bool = False,
        helper: str | None = None,
    ) -> None:
        self.name = name
        self.heading = heading
        self.start_line = start_line
        self.lines = lines
        self.helper_line = helper_line
        self.glued = glued
        self.helper = helper
        self.helper_cut = False  # the helper sentence was cut short (``_cut_helpers``)

    def __repr__(self) -> str:
        return (
            f"Section(name={self.name!r}, heading={self.heading!r}, "
            f"start_line={self.start_line}, lines=<{len(self.lines)}>)"
        )

    def nonblank(self) -> list[NumberedLine]:
        return [line for line in self.lines if line[1]]

    def has_text(self) -> bool:
        """Whether any of its lines is not blank."""
        return any(text for _, text in self.lines)


def clean_lines(text: str) -> list[str]:
    """Split text into lines: LF, CRLF or CR endings, no BOM, NBSP read as a space, trailing
    whitespace removed (leading indentation is kept: criteria nesting depends on it)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    lines = text.split("\n")
    for index in range(len(lines)):
        line = lines[index]
        # Most lines end in a letter or a period: strip only where a space may stand.
        if line and _maybe_space(ord(line[-1])):
            lines[index] = line.rstrip()
    return lines


def _maybe_space(code: int) -> bool:
    """Whether a character could be whitespace (ASCII spaces and controls, or not ASCII)."""
    return code <= 32 or code >= 127


class Headings:
    """The splitter's tables for one kind of page: its sections (heading, helper sentence)
    and its bare headings (sections with no helper sentence), as plain dicts and sets, which
    compiled code reads directly. A heading of ``sections`` wins over a bare one.

    A kind whose sections come in a fixed ``order`` (the results page) also says how well
    the lines around a heading fit it (``fits``: the section's name, the non-blank line
    above the heading, the section's first non-blank lines -> 0, a line of a table; 1, it
    may be; 2, it opens as such a section does): a heading is then a heading only where
    that order allows it, and registry text that says a heading elsewhere stays text
    (``in_order``). ``unknown_sections`` is whether
    a Title Case line above a helper-shaped sentence opens a section of its own."""

    __slots__ = (
        "above_helper",
        "by_heading",
        "candidate_start",
        "fits",
        "helpers",
        "longest",
        "order",
        "prefixes",
        "sentences",
        "shortest",
        "unknown_sections",
    )

    def __init__(
        self,
        sections: Sequence[SectionSpec],
        bare: Sequence[tuple[str, str]] = (),
        *,
        order: Sequence[str] = (),
        fits: Callable[[str, str | None, Sequence[str]], int] | None = None,
        unknown_sections: bool = True,
    ) -> None:
        self.order: dict[str, int] = {name: rank for rank, name in enumerate(order)}
        self.fits = fits
        self.unknown_sections = unknown_sections
        by_heading: dict[str, str] = {heading: name for name, heading in bare}
        helpers: dict[str, SectionSpec] = {}
        for spec in sections:
            for heading in spec.headings:
                by_heading[heading] = spec.name
            for prefix in spec.helper_prefixes:
                helpers[prefix] = spec
        self.by_heading = by_heading
        self.helpers = helpers
        # Each section's whole helper sentences, by which one cut short is told.
        self.sentences: dict[str, tuple[str, ...]] = {
            spec.name: spec.helper_sentences for spec in sections
        }
        self.above_helper: dict[str, frozenset[str]] = {
            spec.name: spec.lines_above_helper for spec in sections
        }
        # Helper beginnings by first character, longest first (no beginning is another's
        # prefix, so at most one matches a line).
        self.prefixes: dict[str, tuple[str, ...]] = {
            letter: tuple(sorted((p for p in helpers if p[0] == letter), key=len, reverse=True))
            for letter in {prefix[0] for prefix in helpers}
        }
        self.shortest = min(len(prefix) for prefix in helpers)
        self.longest = max(len(heading) for heading in by_heading)
        # The first characters of every line the splitter must look at (headings, helper
        # beginnings, the opening words of helper-shaped sentences), as a table by code
        # point (ASCII only: a line that starts with anything else is content).
        first = {text[0] for text in (*by_heading, *helpers, *HELPER_OPENING_WORDS)}
        self.candidate_start = bytes(1 if chr(code) in first else 0 for code in range(128))

    def match_helper(self, stripped: str) -> SectionSpec | None:
        """The section whose helper sentence ``stripped`` is, if any."""
        prefix = self.helper_prefix(stripped)
        return None if prefix is None else self.helpers[prefix]

    def helper_prefix(self, stripped: str) -> str | None:
        """The helper beginning ``stripped`` starts with, if any."""
        if len(stripped) < self.shortest:
            return None
        prefixes = self.prefixes.get(stripped[0])
        if prefixes is not None:
            for prefix in prefixes:
                if stripped.startswith(prefix):
                    return prefix
        return None


def _shaped_like_helper(stripped: str) -> bool:
    """An opening word, a space, and the rest ending with a period (the first test of
    ``_looks_like_helper``, the one every Title Case line goes through)."""
    if not stripped.endswith("."):
        return False
    space = stripped.find(" ")
    return space > 0 and len(stripped) > space + 1 and stripped[:space] in HELPER_OPENING_WORDS


def _looks_like_helper(stripped: str) -> bool:
    if not stripped.endswith(".") or len(stripped) > 300:
        return False
    first_word = stripped.split(" ", 1)[0]
    if first_word not in HELPER_OPENING_WORDS:
        return False
    lowered = stripped.lower()
    return "trial" in lowered or "study" in lowered


class SplitPage:
    """A page cut into its sections, and its shape."""

    __slots__ = ("sections", "shape")

    def __init__(self, sections: list[Section], shape: PageShape) -> None:
        self.sections = sections
        self.shape = shape


def split_page(text: str, headings: Headings) -> SplitPage:
    """Cut page text into sections (see ``split_lines``)."""
    return split_lines(clean_lines(text), headings)


def split_lines(lines: list[str], headings: Headings) -> SplitPage:
    """Cut page lines (``clean_lines``) into sections at ``headings``, in page order (the
    first is always ``header``), and tell the page's shape: labelled pages put a blank line
    after every heading, helper and value, compact scrapes have none (blank lines at the
    very end do not count)."""
    by_heading = headings.by_heading
    helpers = headings.helpers
    candidate_start = headings.candidate_start
    longest = headings.longest
    sections: list[Section] = []
    name: str | None = HEADER_SECTION
    heading: str | None = None
    start, helper_line, glued, helper = 1, None, False, None
    body: list[NumberedLine] = []
    # Blank lines tell the shape: every non-blank line ends a run of blank lines above it
    # (blank lines at the very end do not count), and a run of k counts (k + 1) // 2.
    blank_lines = blank_run = 0
    spec: SectionSpec

    for index in range(len(lines)):
        line = lines[index]
        number = index + 1
        if not line:
            blank_run += 1
            body.append((number, line))
            continue
        if blank_run:
            blank_lines += (blank_run + 1) // 2
            blank_run = 0
        code = ord(line[0])
        stripped = line
        if _maybe_space(code):
            stripped = line.lstrip()
            code = ord(stripped[0])
        if code >= 128 or not candidate_start[code]:
            body.append((number, line))
            continue
        heading_name = by_heading.get(stripped) if len(stripped) <= longest else None
        if heading_name is not None:
            sections.append(Section(name, heading, start, tuple(body), helper_line, glued, helper))
            heading, name = stripped, heading_name
            start, helper_line, glued, helper, body = number, None, False, None, []
            continue
        prefix = headings.helper_prefix(stripped)
        if prefix is not None:
            spec = helpers[prefix]
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
        if (
            headings.unknown_sections
            and _shaped_like_helper(stripped)
            and _looks_like_helper(stripped)
        ):
            previous = _last_nonblank(body)
            if previous is not None:
                heading_number, heading_text = body[previous]
                heading_text = heading_text.strip()
                if looks_like_heading(heading_text):
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
    sections.append(Section(name, heading, start, tuple(body), helper_line, glued, helper))
    if headings.order:
        sections = in_order(sections, headings)
    _cut_helpers(sections, headings)
    labelled = blank_lines and 2 * blank_lines >= len(sections)
    shape = PageShape.LABELLED if labelled else PageShape.COMPACT
    return SplitPage(sections, shape)


# How many of a section's first non-blank lines its opening check is shown.
OPENING_LINES = 12


def in_order(sections: list[Section], headings: Headings) -> list[Section]:
    """The sections whose headings stand where the page's order allows, the others put
    back as lines of the section they stand in.

    Of the headings in page order, the kept ones are those of the heaviest run in
    increasing order, a heading weighing what the kind's ``fits`` says (2 when the page
    ends under it); of two runs of equal weight, the first heading seen wins. So an outcome
    titled ``Adverse Events`` above the real section, or an event term ``More Information``
    below it, is text. (By rank, not by pairs: a heading repeated 50,000 times costs a step
    per rank each.)"""
    order = headings.order
    ranks = len(order)
    best_score = [0] * ranks
    best_at = [-1] * ranks
    before: dict[int, int] = {}
    for index in range(1, len(sections)):
        section = sections[index]
        rank = order.get(section.name) if section.name is not None else None
        if rank is None or section.glued:
            continue
        lower_score, lower_at = 0, -1
        for other in range(rank):
            if best_score[other] > lower_score:
                lower_score, lower_at = best_score[other], best_at[other]
        score = lower_score + _weight(sections, index, headings)
        before[index] = lower_at
        if score > best_score[rank]:
            best_score[rank], best_at[rank] = score, index
    top = max(range(ranks), key=lambda rank: (best_score[rank], -best_at[rank]))
    kept: set[int] = set()
    at = best_at[top] if best_score[top] else -1
    while at >= 0:
        kept.add(at)
        at = before[at]
    ordered = [sections[0]]
    taken: dict[int, list[NumberedLine]] = {}  # by position in ordered: lines taken back
    for index in range(1, len(sections)):
        section = sections[index]
        if index in before and index not in kept:
            taken.setdefault(len(ordered) - 1, []).extend(_as_lines(section))
        else:
            ordered.append(section)
    for position, lines in taken.items():  # once each: a heading can repeat 50,000 times
        into = ordered[position]
        into.lines = tuple(sorted([*into.lines, *lines], key=_number))
    return ordered


def _weight(sections: list[Section], index: int, headings: Headings) -> int:
    section, above = sections[index], sections[index - 1]
    if headings.fits is None or section.name is None:
        return 2
    first = _opening(sections, index)
    if not first:
        return 2  # the page ends under it
    before = next((text.strip() for _, text in reversed(above.lines) if text), above.heading)
    weight = headings.fits(section.name, before, first)
    # A section of a heading and a helper sentence fits at best as well as registry text
    # when one of the two is missing (the heading lost, or a heading with no sentence).
    if section.name in headings.sentences and (
        section.heading is None or section.helper_line is None
    ):
        return min(weight, 1)
    return weight


def _opening(sections: list[Section], index: int) -> list[str]:
    """The first non-blank lines under a heading (stripped): its section's, then, where
    that is shorter, the next sections' as lines (a heading right under a heading is a line
    of a table cell as likely as a section of its own)."""
    first: list[str] = []
    for at in range(index, len(sections)):
        lines = sections[at].lines if at == index else _as_lines(sections[at])
        for _, text in lines:
            if text:
                first.append(text.strip())
                if len(first) == OPENING_LINES:
                    return first
    return first


def _as_lines(section: Section) -> list[NumberedLine]:
    """A section's heading, helper sentence and lines, as lines of the one it stands in."""
    lines: list[NumberedLine] = []
    if section.heading is not None:
        lines.append((section.start_line, section.heading))
    if section.helper_line is not None and section.helper is not None:
        lines.append((section.helper_line, section.helper))
    lines += section.lines
    return lines


def _number(line: NumberedLine) -> int:
    return line[0]


# How long a line under a heading must be to be taken for its helper sentence cut short,
# but for the page's last line (where a cut page ends, any beginning of it is).
HELPER_CUT_MIN = 4


def _cut_helpers(sections: list[Section], headings: Headings) -> None:
    """Find helper sentences cut short: a section of a heading with no helper sentence
    whose first line (after its status line) begins its helper sentence is taken to have
    it, cut (a scrape that cut the line, or the page); and a helper sentence that ends the
    page but only begins a whole one is cut there."""
    last = last_line_number(sections)
    for section in sections:
        if section.heading is None or section.name not in headings.sentences:
            continue
        sentences = headings.sentences[section.name]
        if section.helper_line is None:
            above = headings.above_helper[section.name]
            for index, (number, text) in enumerate(section.lines):
                stripped = text.strip()
                if not stripped or stripped in above:
                    continue
                if (number == last or len(stripped) >= HELPER_CUT_MIN) and any(
                    sentence.startswith(stripped) for sentence in sentences
                ):
                    section.helper_line, section.helper, section.helper_cut = number, stripped, True
                    section.lines = section.lines[:index] + section.lines[index + 1 :]
                break
        elif section.helper_line == last:
            helper = section.helper or ""
            if helper not in sentences and any(s.startswith(helper) for s in sentences):
                section.helper_cut = True


def last_line_number(sections: list[Section]) -> int:
    """The number of the page's last non-blank line (a heading, a helper or content)."""
    last = 0
    for section in reversed(sections):
        last = max(section.start_line, section.helper_line or 0)
        for number, text in reversed(section.lines):
            if text:
                return max(last, number)
        if section.heading is not None or section.helper_line is not None:
            return last
    return last


def _last_nonblank(body: Sequence[NumberedLine]) -> int | None:
    for index in range(len(body) - 1, -1, -1):
        if body[index][1]:
            return index
    return None


def _own_lines_start(body: Sequence[NumberedLine], spec: SectionSpec) -> int:
    """Where the lines that ``spec`` puts above its helper sentence begin at the end of
    ``body`` (``len(body)`` when there are none)."""
    own = spec.lines_above_helper
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
