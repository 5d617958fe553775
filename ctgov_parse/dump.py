"""Dump splitter: a stream of pages written back to back -> one chunk of bytes per page.

Strategy: the stream is read block by block and searched for the lines that can open a
page (one pattern over raw bytes, so that a page with undecodable bytes is still cut out
whole and then fails alone); only the page being read is kept. A page that grows past
``max_page_bytes`` is not kept either: from then on only its last lines stay in memory,
enough to find where the next page starts, and the page comes out as an
oversized chunk (its first bytes, its position and its whole size), which the batch
reports as ``page-too-large``. Memory stays at one page's limit plus one block, whatever
the stream holds, a gzip bomb's one endless line included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

import attrs

from ctgov_parse.page.grammar import HEADER_NCT_ID
from ctgov_parse.results.grammar import TITLE_PREFIX
from ctgov_parse.trial.grammar import SECTION_BY_NAME

__all__ = ["BLOCK_SIZE", "HEAD_BYTES", "PageChunk", "split_dump", "split_marked"]

# Lines that can open a page, each found by a literal search for its opening after a
# newline (the buffer searched always keeps the newline before its first line): three
# ``bytes.find`` scans cost less than one pattern stepping from line to line (8.7 against
# 11.6 µs for a 9 KB page). The pattern says the same, for the one line a block ends inside.
# (The spellings are the kinds' own: the header's id label, the results page's title, the
# trial page's first heading.)
_NCT, _RESULTS, _STUDY = (
    b"\n" + mark.encode()
    for mark in (HEADER_NCT_ID, TITLE_PREFIX, SECTION_BY_NAME["study_results"].headings[0])
)
_PAGE_MARK = re.compile(
    rb"\n(?:(?P<nct>" + re.escape(_NCT[1:]) + rb")|(?P<results>" + re.escape(_RESULTS[1:]) + rb")"
    rb"|(?P<study>" + re.escape(_STUDY[1:]) + rb")[ \t\r]*(?=\n|\Z))"
)
_LINE_REST = re.compile(rb"[ \t\r]*(?:\n|\Z)")
BLOCK_SIZE = 1 << 20
# How much of a line decides whether it opens a page: longer than this, a line still
# being read is known not to be a bare "Study Results" line, and its opening is checked.
_LINE_HEAD = 64
HEAD_BYTES = 1 << 16  # what an oversized chunk keeps of its page, to look at
_KEEP_OVER = 1 << 16  # what is kept of a page past its limit while its end is sought


@attrs.frozen
class PageChunk:
    """One page cut from a dump: its bytes, byte offset and first line number in the dump.
    For a page over the limit, ``size`` is its whole size and ``data`` its first bytes (64
    KB, or the limit if smaller)."""

    data: bytes
    offset: int
    line: int
    size: int | None = None


@attrs.define
class _Oversized:
    offset: int
    line: int
    head: bytes
    lines: int = 0  # newlines of the page dropped so far


def split_dump(
    stream: BinaryIO, *, block_size: int = BLOCK_SIZE, max_page_bytes: int | None = None
) -> Iterator[PageChunk]:
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
    for chunk, _ in split_marked(stream, block_size=block_size, max_page_bytes=max_page_bytes):
        yield chunk


def split_marked(
    stream: BinaryIO, *, block_size: int = BLOCK_SIZE, max_page_bytes: int | None = None
) -> Iterator[tuple[PageChunk, str | None]]:
    """``split_dump``'s pages, each with the kind of line that opened it (``"nct"`` for a
    title above an ``NCT ID:`` line, ``"results"``, ``"study"``; None for the stream's first
    page). After a page start, the splitter's state depends on that kind alone, so that two
    splits of one stream begun at different lines agree from the first page start (offset
    and kind) they share: what the Dask reader cuts big dumps by.
    """
    buffer = b"\n"  # a newline before the first line, as before every other line
    base_offset, base_line = -1, 1  # stream offset of buffer[0]; line number of page_start
    page_start = 1  # in buffer
    scanned = 0
    seen_nct = seen_study = results_page = False
    over: _Oversized | None = None
    opened_by: str | None = None

    def chunk_at(boundary: int) -> PageChunk | None:
        data = buffer[page_start:boundary]
        offset = base_offset + page_start
        if over is not None:
            return PageChunk(over.head, over.offset, over.line, offset + len(data) - over.offset)
        if not data or data.isspace():
            return None
        if max_page_bytes is not None and len(data) > max_page_bytes:
            return PageChunk(data[: min(HEAD_BYTES, max_page_bytes)], offset, base_line, len(data))
        return PageChunk(data, offset, base_line)

    while True:
        block = stream.read(block_size)
        buffer += block
        # Search only complete lines: up to the last newline, or everything at the end.
        limit = len(buffer) if not block else buffer.rfind(b"\n")
        if limit < scanned:  # still inside a long line whose opening was checked
            limit = len(buffer)
        marks = _marks(buffer, scanned, limit)
        if block and limit >= scanned and len(buffer) - limit > _LINE_HEAD:
            # A line being read is already too long to be "Study Results": whether it
            # opens a page is known now, so that an endless line need not be kept whole.
            opening = _PAGE_MARK.match(buffer, limit)
            if opening is not None and opening.lastgroup != "study":
                marks.append((limit, opening.lastgroup or ""))
            limit = len(buffer)  # the rest of the line holds no newline: nothing to search
        for at, kind in marks:
            line_start = at + 1
            boundary = None
            if kind == "results":
                boundary = line_start
            elif kind == "study":
                boundary = line_start if seen_study or results_page else None
                seen_study = True
            elif seen_nct or seen_study:
                boundary = _title_start(buffer, page_start, line_start)
            if boundary is not None and boundary > page_start:
                chunk = chunk_at(boundary)
                if chunk is not None:
                    yield chunk, opened_by
                base_line += buffer.count(b"\n", page_start, boundary) + (
                    over.lines if over is not None else 0
                )
                over = None
                page_start = boundary
                opened_by = kind
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
        if max_page_bytes is not None and len(buffer) - page_start > max_page_bytes:
            if over is None:
                head = buffer[page_start : page_start + min(HEAD_BYTES, max_page_bytes)]
                over = _Oversized(base_offset + page_start, base_line, head)
            # Past the limit: keep the page's last lines only (what was searched may go),
            # enough to find a title above the next page's NCT ID line.
            cut = max(cut, min(scanned, len(buffer) - min(max_page_bytes, _KEEP_OVER)))
            over.lines += buffer.count(b"\n", page_start, cut + 1)
            page_start = cut + 1
        buffer = buffer[cut:]
        base_offset += cut
        scanned -= cut
        page_start -= cut
    chunk = chunk_at(len(buffer))
    if chunk is not None:
        yield chunk, opened_by


def _marks(buffer: bytes, start: int, end: int) -> list[tuple[int, str]]:
    """The lines of ``buffer[start:end]`` that can open a page, as (offset of the newline
    before the line, kind), in order; a match must end by ``end``, as the pattern's would."""
    found: list[tuple[int, str]] = []
    for needle, kind in ((_NCT, "nct"), (_RESULTS, "results")):
        at = buffer.find(needle, start, end)
        while at >= 0:
            found.append((at, kind))
            at = buffer.find(needle, at + len(needle), end)
    at = buffer.find(_STUDY, start, end)
    while at >= 0:
        after = at + len(_STUDY)
        if _LINE_REST.match(buffer, after, end) is not None:
            found.append((at, "study"))
        at = buffer.find(_STUDY, after, end)
    found.sort()
    return found


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
